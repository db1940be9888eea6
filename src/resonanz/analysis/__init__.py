"""Analysis: ordered stages that annotate posts (language, mentions, sentiment, ...)."""

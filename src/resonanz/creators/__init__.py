"""The creator directory: who publishes about the brands, how far they reach, how honest
their advertising is.

* :mod:`.directory`: creators and their accounts (add, merge, split, aliases);
* :mod:`.figures`: reach, engagement, comment quality, audience sentiment, brand
  affinity and the disclosure record of one creator for a period, every figure with
  its formula;
* :mod:`.ranking`: the directory: figures of all creators, filters and sort orders;
* :mod:`.partnerships`: declared partnerships and the follow-up tasks for partner
  posts that lack a disclosure;
* :mod:`.imports`: YouTube channel/video resources (saved or live), Reddit/Mastodon
  account fields, a CSV list.

SQL lives in :mod:`resonanz.store.creators` and :mod:`resonanz.store.creator_stats`.
"""

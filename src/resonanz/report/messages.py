"""The report's words in English and German, and number formatting per language.

One flat catalog: a key maps to its English and German text. Templates look keys
up through :func:`translator`; a key missing from the catalog is a programming
error and raises, so a test that renders both languages catches it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

LANGUAGES = ("en", "de")

#: key -> (English, German)
CATALOG: dict[str, tuple[str, str]] = {
    "lang_code": ("en", "de"),
    "title": ("Social listening report", "Social-Listening-Bericht"),
    "period": ("Period", "Zeitraum"),
    "compared_with": ("compared with", "verglichen mit"),
    "generated": ("Generated", "Erstellt"),
    "contents": ("Contents", "Inhalt"),
    "no_data": ("No data for this period.", "Keine Daten in diesem Zeitraum."),
    "no_previous": ("no data before", "keine Vergleichsdaten"),
    "change": ("change", "Veränderung"),
    "previous": ("previous period", "Vorperiode"),
    "pp": ("pp", "Pp."),
    "chart_date": ("%Y-%m-%d", "%d.%m.%Y"),  # d3 time format of chart axes
    # sections
    "summary": ("Summary", "Zusammenfassung"),
    "share_of_voice": ("Share of voice", "Share of Voice"),
    "sentiment": ("Sentiment trend", "Stimmungsverlauf"),
    "volume": ("Volume over time", "Volumen im Zeitverlauf"),
    "aspects": ("Aspect scorecard", "Aspekt-Scorecard"),
    "topics": ("Emerging topics", "Aufkommende Themen"),
    "open_items": ("Open questions and complaints", "Offene Fragen und Beschwerden"),
    "voices": ("Top voices", "Wichtigste Stimmen"),
    "transparency": ("Transparency findings", "Transparenz-Befunde"),
    "method": ("Method and data notes", "Methode und Datenbasis"),
    "dialogue": ("Dialogue / replies", "Dialog / Antworten"),
    # key figures
    "fig_mentions": ("Mentions", "Erwähnungen"),
    "fig_share": ("Share of voice", "Share of Voice"),
    "fig_net": ("Net sentiment", "Netto-Stimmung"),
    "sentiment_toward": (
        "Sentiment toward the brand: a post naming several brands counts with its polarity"
        " toward each of them (read from the sentences about that brand), not with the tone of"
        " the whole post.",
        "Stimmung gegenüber der Marke: Ein Beitrag, der mehrere Marken nennt, zählt mit seiner"
        " Stimmung gegenüber jeder einzelnen (aus den Sätzen über diese Marke), nicht mit dem"
        " Ton des ganzen Beitrags.",
    ),
    "fig_open": ("Open questions/complaints", "Offene Fragen/Beschwerden"),
    "fig_undisclosed": ("Undisclosed commercial posts", "Ungekennzeichnete Werbung"),
    "fig_mentions_help": (
        "Posts mentioning the brand (spam excluded).",
        "Beiträge, die die Marke nennen (ohne Spam).",
    ),
    "fig_share_help": (
        "The brand's share of all mentions of it and its competitors.",
        "Anteil der Marke an allen Erwähnungen von ihr und ihren Wettbewerbern.",
    ),
    "fig_net_help": (
        "Positive minus negative share of the brand's posts.",
        "Anteil positiver minus Anteil negativer Beiträge zur Marke.",
    ),
    "fig_open_help": (
        "Posts that need a reply and have none from an own account.",
        "Beiträge, die eine Antwort brauchen und noch keine von einem eigenen Konto haben.",
    ),
    "fig_undisclosed_help": (
        "Commercial posts about the brand without a clear disclosure.",
        "Kommerzielle Beiträge zur Marke ohne klare Kennzeichnung.",
    ),
    # tables
    "brand": ("Brand", "Marke"),
    "platform": ("Platform", "Plattform"),
    "all_platforms": ("All platforms", "Alle Plattformen"),
    "mentions": ("Mentions", "Erwähnungen"),
    "mentions_previous": ("Mentions, previous period", "Erwähnungen Vorperiode"),
    "share": ("Share", "Anteil"),
    "day": ("Day", "Tag"),
    "week": ("Week", "Woche"),
    "posts": ("Posts", "Beiträge"),
    "positive": ("Positive", "Positiv"),
    "negative": ("Negative", "Negativ"),
    "neutral": ("Neutral", "Neutral"),
    "net": ("Net", "Netto"),
    "spike": ("spike", "Ausschlag"),
    "spike_days": ("Posts on spike days", "Beiträge an Tagen mit Ausschlag"),
    "baseline": ("Baseline", "Basislinie"),
    "aspect": ("Aspect", "Aspekt"),
    "positive_quotes": ("What people like", "Was gefällt"),
    "negative_quotes": ("What people criticise", "Was kritisiert wird"),
    "topic": ("Topic", "Thema"),
    "terms": ("Terms", "Begriffe"),
    "growth": ("Growth", "Wachstum"),
    "examples": ("Examples", "Beispiele"),
    "waiting": ("Waiting", "Wartet seit"),
    "hours": ("h", "Std."),
    "needs_reply_badge": ("needs a reply", "braucht Antwort"),
    "archive_clock": (
        "archive: measured to its newest post, {day}",
        "Archiv: gemessen bis zu seinem neuesten Beitrag, {day}",
    ),
    "intent": ("Intent", "Anliegen"),
    "reason": ("Why", "Warum"),
    "post": ("Post", "Beitrag"),
    "author": ("Author", "Autor"),
    "author_missing": ("author not in source", "Autor nicht in der Quelle"),
    "voices_no_author": (
        "No voices: none of the {count} posts of the period carries an author (the source "
        "has no author column).",
        "Keine Stimmen: Keiner der {count} Beiträge des Zeitraums hat einen Autor (die "
        "Quelle hat keine Autorenspalte).",
    ),
    "voices_some_without_author": (
        "Posts without an author in the source, not counted here: {count}.",
        "Beiträge ohne Autor in der Quelle, hier nicht mitgezählt: {count}.",
    ),
    "reach": ("Reach", "Reichweite"),
    "interactions": ("Interactions", "Interaktionen"),
    "engagement": ("Engagement rate", "Engagement-Rate"),
    "own_account": ("own account", "eigenes Konto"),
    "creator": ("Creator", "Creator"),
    "commercial": ("Commercial posts", "Kommerzielle Beiträge"),
    "disclosed": ("Disclosed", "Gekennzeichnet"),
    "undisclosed": ("Undisclosed", "Nicht gekennzeichnet"),
    "self_promotion": ("Open self-promotion", "Offene Eigenwerbung"),
    "weak": ("Weak disclosure", "Schwache Kennzeichnung"),
    "evidence": ("Evidence", "Belege"),
    "open_original": ("original post", "Originalbeitrag"),
    "more_open": (
        "{n} more open items are not listed here.",
        "{n} weitere offene Beiträge sind hier nicht aufgeführt.",
    ),
    "showing_of": ("Showing {shown} of {total}.", "{shown} von {total} angezeigt."),
    "creators": ("Creators", "Creator"),
    "creators_intro": (
        "Creators of the directory whose posts in the period name the brand, by brand"
        " affinity, with their disclosure record.",
        "Creator aus dem Verzeichnis, deren Beiträge im Zeitraum die Marke nennen, nach"
        " Markenaffinität, mit ihrer Kennzeichnungsbilanz.",
    ),
    "creators_none": (
        "No creator of the directory names the brand in this period.",
        "Kein Creator aus dem Verzeichnis nennt die Marke in diesem Zeitraum.",
    ),
    "creators_affinity": ("Brand affinity", "Markenaffinität"),
    "creators_partner": ("Partner", "Partner"),
    "creators_transparency": ("Transparency score", "Transparenzwert"),
    "creators_formulas": (
        "Brand affinity = (positive − negative) / posts naming the brand. Transparency"
        " score = 100 × (clearly disclosed + 0.5 × weakly disclosed) / commercial posts; a"
        " post is commercial when a commercial signal or a disclosure was found, or when it"
        " names a partner brand during the partnership.",
        "Markenaffinität = (positiv − negativ) / Beiträge, die die Marke nennen."
        " Transparenzwert = 100 × (klar gekennzeichnet + 0,5 × schwach gekennzeichnet) /"
        " kommerzielle Beiträge; kommerziell ist ein Beitrag mit kommerziellem Signal oder"
        " Kennzeichnung oder einer, der eine Partnermarke während der Partnerschaft nennt.",
    ),
    "yes": ("yes", "ja"),
    "no": ("no", "nein"),
    "transparency_rules": (
        "Rules applied: a commercial signal (affiliate or discount links, sponsor wording,"
        " gifted products) needs a clear label such as #ad, #anzeige, 'paid partnership' or"
        " 'Werbung' near the start of the post (EU UCPD Art. 7(2) and Annex I No. 11;"
        " German UWG §5a(4), MStV §8/§22 and DDG §6; FTC Endorsement Guides 16 CFR 255)."
        " Labels that are buried, vague or only in trailing hashtags count as weak. An owner"
        " openly presenting their own shop or brand is counted as open self-promotion; texts"
        " about labelling rules, denials ('not sponsored') and shoppers passing on public"
        " codes are not commercial posts.",
        "Angewandte Regeln: Ein kommerzielles Signal (Affiliate- oder Rabatt-Links,"
        " Sponsoring-Formulierungen, geschenkte Produkte) braucht eine klare Kennzeichnung wie"
        " #anzeige, #werbung, 'bezahlte Partnerschaft' oder 'Werbung' am Anfang des Beitrags"
        " (EU-UGP-Richtlinie Art. 7 Abs. 2 und Anhang I Nr. 11; UWG §5a Abs. 4, MStV §8/§22"
        " und DDG §6; FTC Endorsement Guides 16 CFR 255). Versteckte, vage oder nur in"
        " nachgestellten Hashtags stehende Kennzeichnungen gelten als schwach. Wer offen für"
        " den eigenen Shop oder die eigene Marke wirbt, zählt als offene Eigenwerbung; Texte"
        " über Kennzeichnungsregeln, Verneinungen ('nicht gesponsert') und Kundinnen, die"
        " öffentliche Rabattcodes weitergeben, sind keine kommerziellen Beiträge.",
    ),
    "no_charts_pdf": (
        "Charts are interactive in the HTML version of this report; the tables carry the same"
        " numbers.",
        "Die Diagramme sind in der HTML-Fassung interaktiv; die Tabellen enthalten dieselben"
        " Zahlen.",
    ),
    # dialogue (reply inbox)
    "dialogue_intro": (
        "How the brand answered public questions, complaints and mentions in the reply inbox."
        " Counted are inbox items about the brand whose post was written in this period.",
        "Wie die Marke öffentliche Fragen, Beschwerden und Erwähnungen im Antwort-Postfach"
        " beantwortet hat. Gezählt werden Postfach-Einträge zur Marke, deren Beitrag in diesem"
        " Zeitraum geschrieben wurde.",
    ),
    "dialogue_empty": (
        "No inbox activity in this period.",
        "Keine Aktivität im Antwort-Postfach in diesem Zeitraum.",
    ),
    "dlg_items": ("Inbox items", "Postfach-Einträge"),
    "dlg_sent": ("Answered", "Beantwortet"),
    "dlg_dismissed": ("Dismissed", "Verworfen"),
    "dlg_open": ("Still open", "Noch offen"),
    "dlg_response_rate": ("Response rate", "Antwortquote"),
    "dlg_response_rate_help": (
        "{sent} of {considered} items answered (dismissed items left out).",
        "{sent} von {considered} Einträgen beantwortet (verworfene nicht mitgezählt).",
    ),
    "dlg_median": ("Median first response", "Median der ersten Antwort"),
    "dlg_median_help": (
        "Time from the post to our first reply, over {n} answered items.",
        "Zeit vom Beitrag bis zu unserer ersten Antwort, über {n} beantwortete Einträge.",
    ),
    "dlg_sla": ("SLA attainment", "SLA-Erfüllung"),
    "dlg_sla_help": (
        "{met} of {total} items answered within their target time; {breaches} missed.",
        "{met} von {total} Einträgen in der Zielzeit beantwortet; {breaches} verfehlt.",
    ),
    "dlg_sla_archive": (
        "{n} items from archives are left out: they are measured against their data's own "
        "time and never count as breached.",
        "{n} Einträge aus Archiven sind nicht mitgezählt: Sie werden an der Zeit ihrer Daten "
        "gemessen und zählen nie als verfehlt.",
    ),
    "dlg_agents": ("Replies by agent", "Antworten je Bearbeiter:in"),
    "dlg_sentiment": ("Sentiment", "Stimmung"),
    "dlg_agent": ("Agent", "Bearbeiter:in"),
    "dlg_replies": ("Replies", "Antworten"),
    "dlg_follow_up": (
        "Sentiment of the author's next post after our reply",
        "Stimmung des nächsten Beitrags der Autor:innen nach unserer Antwort",
    ),
    "dlg_follow_up_none": (
        "No author has written again after our reply yet.",
        "Noch keine Autor:in hat nach unserer Antwort erneut geschrieben.",
    ),
    "dlg_minutes": ("{n} min", "{n} Min."),
    "dlg_hours": ("{n} h", "{n} Std."),
    # intents, reply reasons (resonanz.analysis.explain), disclosure evidence
    "intent_question": ("question", "Frage"),
    "intent_complaint": ("complaint", "Beschwerde"),
    "intent_praise": ("praise", "Lob"),
    "intent_purchase_intent": ("purchase intent", "Kaufabsicht"),
    "intent_help_request": ("request for help", "Bitte um Hilfe"),
    "intent_mention": ("mention", "Erwähnung"),
    "reason_praise_only": ("praise only, no reply needed", "nur Lob, keine Antwort nötig"),
    "reason_no_request": (
        "no question, complaint or request",
        "keine Frage, Beschwerde oder Bitte",
    ),
    "reason_spam": ("probably spam", "wahrscheinlich Spam"),
    "reason_about": ("about {brand}", "zu {brand}"),
    "reason_problem": ("negative sentiment and problem words", "negative Stimmung und Problemwort"),
    "reason_also": ("also", "auch"),
    "ev_kind_affiliate_link": ("affiliate link", "Affiliate-Link"),
    "ev_kind_short_link": (
        "short link (can hide an affiliate link)",
        "Kurzlink (kann einen Affiliate-Link verbergen)",
    ),
    "ev_kind_discount_code": ("discount code", "Rabattcode"),
    "ev_kind_disclosure_label": ("advertising label", "Werbekennzeichnung"),
    "ev_kind_hashtag_disclosure": ("disclosure hashtag", "Kennzeichnung als Hashtag"),
    "ev_kind_sponsorship_label": ("sponsorship statement", "Sponsoring-Hinweis"),
    "ev_kind_affiliate_disclosure": ("affiliate notice", "Affiliate-Hinweis"),
    "ev_kind_gift_disclosure": ("gifted product notice", "Hinweis auf geschenktes Produkt"),
    "ev_kind_unpaid_label": (
        "labelled as unpaid advertising",
        "als unbezahlte Werbung gekennzeichnet",
    ),
    "ev_kind_evidence": ("evidence", "Beleg"),
    "ev_kind_self_promotion": (
        "the owner promotes their own shop or brand",
        "der Inhaber wirbt für den eigenen Shop oder die eigene Marke",
    ),
    "ev_kind_denial": (
        "denies a commercial relationship",
        "verneint eine kommerzielle Beziehung",
    ),
    "ev_kind_label_mention": (
        "label mentioned, not used (quote, explainer or policy page)",
        "Kennzeichnung nur erwähnt, nicht verwendet (Zitat, Erklärtext oder Transparenzseite)",
    ),
    "ev_rule_ddg": (
        "DDG §6 Abs. 1 (DE, formerly TMG §6): commercial communications in digital services must be clearly recognisable as such, and the person on whose behalf they are made must be identifiable",
        "DDG § 6 Abs. 1 (DE, früher TMG § 6): Kommerzielle Kommunikation in digitalen Diensten muss klar als solche erkennbar sein, und die Person, in deren Auftrag sie erfolgt, muss identifizierbar sein.",
    ),
    "ev_rule_uwg_self": (
        "UWG §5a Abs. 4 (DE): the commercial purpose need not be labelled separately when it is obvious from the context - here the owner openly presents their own shop, brand or product",
        "UWG § 5a Abs. 4 (DE): Der kommerzielle Zweck muss nicht eigens gekennzeichnet werden, wenn er sich aus den Umständen ergibt – hier stellt der Inhaber offen den eigenen Shop, die eigene Marke oder das eigene Produkt vor.",
    ),
    "ev_rule_uwg": (
        "UWG §5a Abs. 4 (DE): the commercial purpose of a post must be made recognisable unless it is obvious from the context",
        "UWG § 5a Abs. 4 (DE): Der kommerzielle Zweck eines Beitrags muss erkennbar sein, wenn er sich nicht schon aus den Umständen ergibt.",
    ),
    "ev_rule_uwg_unpaid": (
        "UWG §5a Abs. 4 S. 2-3 (DE): a post for another company is not commercial if no payment or similar consideration was received; receiving one is presumed until shown otherwise",
        "UWG § 5a Abs. 4 S. 2–3 (DE): Ein Beitrag zugunsten eines anderen Unternehmens ist nicht kommerziell, wenn keine Zahlung oder ähnliche Gegenleistung geflossen ist; eine Gegenleistung wird vermutet, bis das Gegenteil belegt ist.",
    ),
    "ev_rule_mstv": (
        "MStV §8 Abs. 3 and §22 Abs. 1 (DE): advertising in broadcasts and telemedia must be clearly recognisable as such and set apart from the other content; no surreptitious advertising, product placement must be labelled",
        "MStV § 8 Abs. 3 und § 22 Abs. 1 (DE): Werbung in Rundfunk und Telemedien muss klar als solche erkennbar und vom übrigen Inhalt abgesetzt sein; keine Schleichwerbung, Produktplatzierung ist zu kennzeichnen.",
    ),
    "ev_rule_leitfaden": (
        "Leitfaden Werbekennzeichnung der Medienanstalten (DE): label with 'Werbung' or 'Anzeige' at the very start, recognisable at first glance; English tags such as '#ad' or 'sponsored by' and vague words like 'Kooperation' are not enough for a German audience",
        "Leitfaden Werbekennzeichnung der Medienanstalten (DE): mit „Werbung“ oder „Anzeige“ ganz am Anfang kennzeichnen, auf den ersten Blick erkennbar; englische Kennzeichen wie „#ad“ und vage Wörter wie „Kooperation“ reichen für ein deutsches Publikum nicht.",
    ),
    "ev_rule_ftc": (
        "FTC 16 CFR Part 255 (US, Endorsement Guides, §255.5): a material connection between endorser and brand (payment, free product, commission) must be disclosed",
        "FTC 16 CFR Part 255 (USA, Endorsement Guides, § 255.5): Eine wesentliche Verbindung zwischen empfehlender Person und Marke (Bezahlung, Gratisprodukt, Provision) muss offengelegt werden.",
    ),
    "ev_rule_ftc_101": (
        "FTC 'Disclosures 101 for Social Media Influencers' (US): the disclosure must be clear and hard to miss - above 'show more', not mixed into a string of hashtags at the end, not vague ('#sp', '#spon', '#collab', 'thanks [brand]')",
        "FTC-Leitfaden für Influencer (USA): Der Hinweis muss deutlich und schwer zu übersehen sein – vor „mehr anzeigen“, nicht in einer Reihe von Hashtags am Ende, nicht vage („#sp“, „#spon“, „#collab“, „danke [Marke]“).",
    ),
    "ev_strength_clear": ("clearly labelled", "klar gekennzeichnet"),
    "ev_strength_weak": ("weakly labelled", "schwach gekennzeichnet"),
    "ev_weak": ("weak", "schwach"),
    "ev_rule": ("rule", "Regel"),
    "platform_youtube": ("YouTube", "YouTube"),
    "platform_reddit": ("Reddit", "Reddit"),
    "platform_mastodon": ("Mastodon", "Mastodon"),
    "platform_x": ("X (Twitter)", "X (Twitter)"),
    "platform_feed": ("Feeds (RSS/Atom)", "Feeds (RSS/Atom)"),
    "platform_table": ("Tables (CSV/JSON)", "Tabellen (CSV/JSON)"),
    # method notes
    "sources": ("Sources (import runs)", "Quellen (Importläufe)"),
    "run": ("Run", "Lauf"),
    "source": ("Source", "Quelle"),
    "format": ("Format", "Format"),
    "status": ("Status", "Status"),
    "run_running": ("running", "läuft"),
    "run_completed": ("completed", "abgeschlossen"),
    "run_failed": ("failed", "fehlgeschlagen"),
    "run_interrupted": ("interrupted", "abgebrochen"),
    "read": ("Read", "Gelesen"),
    "rejected": ("Rejected", "Abgelehnt"),
    "started": ("Started (UTC)", "Gestartet (UTC)"),
    "counts": ("Counts", "Mengen"),
    "posts_total": ("Posts in scope (all brands)", "Beiträge im Zeitraum (alle Marken)"),
    "posts_analyzed": ("Analyzed posts", "Analysierte Beiträge"),
    "spam_share": ("Spam share", "Spam-Anteil"),
    "toxic_share": ("Toxic share", "Anteil toxischer Beiträge"),
    "toxic_share_in": ("Toxic share ({language})", "Anteil toxischer Beiträge ({language})"),
    "lang_de": ("German", "Deutsch"),
    "lang_en": ("English", "Englisch"),
    "not_measured": ("not measured", "nicht gemessen"),
    "spam_left_out": (
        "{n} posts about the brand were left out of every figure as spam."
        " To count them, write the report with --include-spam.",
        "{n} Beiträge über die Marke wurden als Spam bei allen Kennzahlen ausgelassen."
        " Um sie mitzuzählen, erstellen Sie den Bericht mit --include-spam.",
    ),
    "spam_included": (
        "Spam included: {n} posts about the brand flagged as spam are counted in every figure.",
        "Spam einbezogen: {n} als Spam markierte Beiträge über die Marke sind in allen"
        " Kennzahlen mitgezählt.",
    ),
    "unsupported_share": (
        "Posts in languages the models do not cover",
        "Beiträge in nicht unterstützten Sprachen",
    ),
    "languages": ("Languages", "Sprachen"),
    "models": ("Models and their published accuracy", "Modelle und ihre veröffentlichte Güte"),
    "model": ("Model", "Modell"),
    "model_variants": (
        "one training run, heads per data set",
        "ein Trainingslauf, Köpfe je Datensatz",
    ),
    "version": ("Version", "Version"),
    "trained": ("Trained", "Trainiert"),
    "training_items": ("Training items", "Trainingsbeispiele"),
    "cv_metrics": ("Cross-validated metrics", "Kreuzvalidierte Kennzahlen"),
    "no_models": (
        "No trained model is shipped with this installation yet.",
        "Mit dieser Installation wird noch kein trainiertes Modell ausgeliefert.",
    ),
    "stages": ("Analysis stages used", "Verwendete Analyseschritte"),
    "stage_posts": ("posts analyzed with this version", "Beiträge mit dieser Version"),
    "privacy": ("Data protection", "Datenschutz"),
    "method_text": (
        "Posts are imported from platform exports and APIs, analyzed by Resonanz's shipped"
        " models and rules, and counted per brand from the stored annotations. Spam is left out"
        " of every figure except the spam share. Change figures compare the period with the"
        " period of equal length just before it. Shares come with their counts so small samples"
        " stay visible. Post texts are quoted as written; links lead to the original posts.",
        "Beiträge werden aus Plattform-Exporten und APIs importiert, mit den mitgelieferten"
        " Modellen und Regeln von Resonanz analysiert und aus den gespeicherten Annotationen je"
        " Marke gezählt. Spam bleibt bei allen Kennzahlen außer dem Spam-Anteil unberücksichtigt."
        " Veränderungen vergleichen den Zeitraum mit dem gleich langen Zeitraum davor. Anteile"
        " stehen neben ihren Fallzahlen, damit kleine Stichproben erkennbar bleiben. Beiträge"
        " werden wörtlich zitiert; Links führen zu den Originalbeiträgen.",
    ),
}


def translator(lang: str) -> Callable[..., str]:
    """A ``t(key, **values)`` function for ``lang`` ("en" or "de")."""
    if lang not in LANGUAGES:
        raise ValueError(f"report language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    index = LANGUAGES.index(lang)

    def t(key: str, **values: object) -> str:
        text = CATALOG[key][index]
        return text.format(**values) if values else text

    return t


def format_number(value: float | int | None, lang: str, digits: int = 0) -> str:
    """A number with thousands separators in the language's style ("–" when unknown)."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    if lang == "de":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_percent(share: float | None, lang: str, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage ("12.5 %" / "12,5 %")."""
    if share is None:
        return "–"
    return f"{format_number(share * 100, lang, digits)}\u202f%"


def format_signed(value: float | None, lang: str, digits: int = 0, unit: str = "") -> str:
    """A change with an explicit sign (+3, −2.5 pp); "–" when unknown."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    text = format_number(abs(value), lang, digits)
    return f"{sign}{text}{(chr(0x202F) + unit) if unit else ''}"


def format_minutes(minutes: float | None, lang: str) -> str:
    """A duration: minutes below two hours ("32.5 min"), hours above ("3.2 h")."""
    if minutes is None:
        return "–"
    t = translator(lang)
    if minutes < 120:
        return t("dlg_minutes", n=format_number(minutes, lang, 1 if minutes % 1 else 0))
    return t("dlg_hours", n=format_number(minutes / 60, lang, 1))


def format_date(value: date | datetime | None, lang: str) -> str:
    """A calendar date: 2024-03-05 in English, 05.03.2024 in German."""
    if value is None:
        return "–"
    day = value.date() if isinstance(value, datetime) else value
    return day.strftime("%d.%m.%Y") if lang == "de" else day.isoformat()

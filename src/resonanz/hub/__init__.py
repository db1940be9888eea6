"""The multi-brand creator hub: a curated, public, read-only site the brand hosts.

* :mod:`.model` -- the frozen view models the site is built from;
* :mod:`.rules` -- what may go into the hub (creators in the hub, disclosure verdicts,
  slugs, links, thumbnails);
* :mod:`.mix` -- the hub's brand mix (share of items per brand, own vs other);
* :mod:`.texts` -- the German and English wording of the site;
* :mod:`.site` -- the static site builder (Jinja2, autoescaped) and its page plan;
* :mod:`.feeds` -- JSON Feed 1.1 and Atom per collection.

The data comes from :mod:`resonanz.store.hub`; faces reach all of it through
:mod:`resonanz.service.hub`.
"""

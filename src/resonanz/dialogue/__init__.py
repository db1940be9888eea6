"""The dialogue inbox: answer public comments openly, as the brand, and publish replies.

Modules: :mod:`.states` (the item state machine), :mod:`.priority`, :mod:`.identity`
(own accounts, disclosure line, incentive check), :mod:`.config` (workspace settings,
templates, assignment rules, SLA targets), :mod:`.inbox` (sync, list, transitions with
audit), :mod:`.outbox` (publishing with retries and idempotency), :mod:`.metrics`.

The package holds the rules; its tables and queries live in the store
(:mod:`resonanz.store.inbox_schema` and the ``resonanz.store.inbox_*`` and
:mod:`resonanz.store.outbox` modules), which never imports this package. Deployment
settings (publishing tokens) are passed in by the CLI or the web app.
"""

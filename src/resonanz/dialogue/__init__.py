"""The dialogue inbox: answer public comments openly, as the brand, and publish replies.

Modules: :mod:`.tables` (schema), :mod:`.states` (the item state machine),
:mod:`.priority`, :mod:`.identity` (own accounts, disclosure line, incentive check),
:mod:`.config` (settings, templates, assignment rules, SLA targets), :mod:`.inbox`
(sync, list, transitions with audit), :mod:`.outbox` (publishing with retries and
idempotency), :mod:`.metrics`.

This package imports nothing at load time, since the store's schema imports
:mod:`.tables` from here.
"""

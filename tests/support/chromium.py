"""What the headless-Chromium tests share: Debian's browser, its flags, the page traps."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("RESONANZ_CHROMIUM", "/usr/bin/chromium"))
#: no sandbox (CI runs as root), nothing fetched in the background
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
#: set before any page script: ``__xss`` flips if injected script runs, ``__csp`` collects
#: Content-Security-Policy violations
TRAPS = """
window.__xss = false;
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""

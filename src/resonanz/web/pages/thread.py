"""The thread view: a conversation as a tree, every post with its annotations and the
evidence behind them highlighted (brand mentions, aspects, disclosure signals).

Post text is cut into plain segments in Python (:func:`~.common.segments`) and the
template wraps the highlighted ones in ``<mark>``; nothing from a post is ever
marked safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from resonanz.service.insights import describe
from resonanz.service.selection import AnalysisRow, PostSummary, ThreadView, analyses, get_thread
from resonanz.web.api.common import PathId
from resonanz.web.deps import Principal, get_workspace, require_user
from resonanz.web.pages.common import Segment, evidence_marks, page_context, segments
from resonanz.web.templating import language_of, render

router = APIRouter(include_in_schema=False)

#: Posts of a thread shown with their full annotations (the rest as plain text).
DETAILED = 300


@dataclass(frozen=True, slots=True)
class ThreadPost:
    """One post of the tree as the page shows it."""

    post: PostSummary
    depth: int
    focus: bool
    pieces: tuple[Segment, ...]
    analysis: AnalysisRow | None
    disclosure_lines: tuple[str, ...]

    @property
    def brand_labels(self) -> tuple[str, ...]:
        """Each brand (or brand / product) found, once, in the order first found."""
        if self.analysis is None:
            return ()
        labels = (
            f"{m.brand} / {m.product}" if m.product else m.brand for m in self.analysis.mentions
        )
        return tuple(dict.fromkeys(labels))

    @property
    def intents(self) -> tuple[str, ...]:
        raw = self.post.intent or ""
        return tuple(i for i in raw.replace(",", "|").split("|") if i)


def full_text(post: PostSummary) -> str:
    """Title and body as the analysis saw them (the spans index this text)."""
    return f"{post.title}\n{post.text}" if post.title else post.text


def _annotated(engine: Engine, view: ThreadView, lang: str = "en") -> list[ThreadPost]:
    out = []
    found = analyses(engine, [entry.post.id for entry in view.entries[:DETAILED]])
    for index, entry in enumerate(view.entries):
        post = entry.post
        analysis = found[index] if index < DETAILED else None
        text = full_text(post)
        marks: list[Any] = []
        lines: tuple[str, ...] = ()
        if analysis is not None:
            marks = evidence_marks(
                text,
                analysis.mentions,
                analysis.aspects,
                analysis.disclosure_evidence,
                lang,
            )
            if analysis.disclosure_evidence:
                lines = describe(analysis.disclosure_evidence)
        out.append(
            ThreadPost(
                post=post,
                depth=min(entry.depth, 12),
                focus=post.id == view.focus_id,
                pieces=tuple(segments(text, marks)),
                analysis=analysis,
                disclosure_lines=lines,
            )
        )
    return out


def load(
    engine: Engine, post_id: int, lang: str = "en"
) -> tuple[ThreadView, list[ThreadPost]] | None:
    view = get_thread(engine, post_id)
    if view is None:
        return None
    return view, _annotated(engine, view, lang)


@router.get("/posts/{post_id}")
async def thread(
    request: Request,
    post_id: PathId,
    user: Annotated[Principal, Depends(require_user())],
) -> Response:
    workspace = get_workspace(request)
    found = await run_in_threadpool(load, workspace.engine, post_id, language_of(request, user))
    if found is None:
        raise HTTPException(status_code=404, detail="no such post")
    view, items = found
    context = page_context(request, user, page="mentions", view=view, items=items)
    return render(request, "pages/thread.html", context)

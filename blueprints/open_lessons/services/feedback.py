"""After the lesson: observers' feedback within the deadline, the teacher's reflection, and what the teacher sees."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.accounts.models import Staff
from blueprints.open_lessons.models import CONFIRMED, FeedbackScore, LessonFeedback, LessonSettings, OpenLesson, RubricItem

from .errors import RuleBroken
from .observers import row_of

SCORE_MIN, SCORE_MAX = 1, 5
TEXT_MAX = 1000
REFLECTION_MAX = 3000


def feedback_deadline(lesson: OpenLesson, settings: LessonSettings) -> datetime:
    """Feedback is accepted until the end of the n-th day after the lesson."""
    return datetime.combine(lesson.lesson_date + timedelta(days=settings.feedback_days), time(23, 59, 59))


def feedback_of(lesson: OpenLesson, person: Staff) -> LessonFeedback | None:
    """This observer's feedback on the lesson, with its scores."""
    return db.session.scalars(
        select(LessonFeedback)
        .where(LessonFeedback.lesson_id == lesson.id, LessonFeedback.observer_id == person.id)
        .options(selectinload(LessonFeedback.scores))
    ).first()


def feedback_problem(lesson: OpenLesson, settings: LessonSettings, person: Staff, now: datetime) -> str | None:
    """Why this person may not write feedback now, or None when they may."""
    row = row_of(lesson, person)
    if row is None or row.status != CONFIRMED:
        return "只有确认听课的老师才能评课。"
    if now < lesson.ends_at:
        return "下课后才能评课。"
    deadline = feedback_deadline(lesson, settings)
    if now > deadline:
        return f"评课已于 {deadline:%Y-%m-%d} 截止。"
    return None


def write_feedback(
    lesson: OpenLesson,
    settings: LessonSettings,
    person: Staff,
    *,
    scores: dict[int, int],
    strengths: str,
    suggestions: str,
    rubric: list[RubricItem],
    now: datetime,
) -> LessonFeedback:
    """Write or rewrite one's feedback: a 1–5 score for every rubric item, strengths and suggestions."""
    problem = feedback_problem(lesson, settings, person, now)
    if problem:
        raise RuleBroken(problem)
    for item in rubric:
        value = scores.get(item.id)
        if value is None or not SCORE_MIN <= value <= SCORE_MAX:
            raise RuleBroken(f"「{item.name}」的评分须为 {SCORE_MIN}–{SCORE_MAX} 分。", f"score_{item.id}")
    for name, text in (("strengths", strengths), ("suggestions", suggestions)):
        if not text.strip():
            raise RuleBroken("请填写此项。", name)
        if len(text) > TEXT_MAX:
            raise RuleBroken(f"最多 {TEXT_MAX} 字。", name)
    feedback = feedback_of(lesson, person)
    if feedback is None:
        feedback = LessonFeedback(lesson_id=lesson.id, observer_id=person.id, created_at=now)
        db.session.add(feedback)
    feedback.strengths, feedback.suggestions = strengths.strip(), suggestions.strip()
    feedback.updated_at = now
    by_item = {score.rubric_item_id: score for score in feedback.scores}
    for item in rubric:
        if item.id in by_item:
            by_item[item.id].score = scores[item.id]
        else:
            feedback.scores.append(FeedbackScore(rubric_item_id=item.id, score=scores[item.id]))
    db.session.flush()
    return feedback


def write_reflection(lesson: OpenLesson, text: str, *, now: datetime) -> None:
    """The teacher's reflection (教学反思), once the lesson has been given."""
    if now < lesson.ends_at:
        raise RuleBroken("下课后才能写教学反思。")
    if not text.strip():
        raise RuleBroken("请填写教学反思。", "reflection")
    if len(text) > REFLECTION_MAX:
        raise RuleBroken(f"教学反思最多 {REFLECTION_MAX} 字。", "reflection")
    lesson.reflection, lesson.reflected_at = text.strip(), now
    db.session.flush()


@dataclass(frozen=True)
class Comment:
    author: str  #: the observer's name, or 评课人 1, 2 ... when anonymous
    strengths: str
    suggestions: str


@dataclass(frozen=True)
class FeedbackSummary:
    """What the teacher reads: averages per rubric item and the comments, once enough observers wrote."""

    count: int
    minimum: int
    averages: list[tuple[str, float]]
    comments: list[Comment]

    @property
    def visible(self) -> bool:
        return self.count >= self.minimum

    @property
    def overall(self) -> float | None:
        return round(sum(a for _, a in self.averages) / len(self.averages), 2) if self.averages else None


def feedback_summary(lesson: OpenLesson, settings: LessonSettings, *, names: bool) -> FeedbackSummary:
    """Averages per rubric item and the comments of all feedback on the lesson (three queries)."""
    rows = list(
        db.session.scalars(
            select(LessonFeedback)
            .where(LessonFeedback.lesson_id == lesson.id)
            .options(
                selectinload(LessonFeedback.scores).selectinload(FeedbackScore.rubric_item),
                selectinload(LessonFeedback.observer),
            )
            .order_by(LessonFeedback.id)
        )
    )
    totals: dict[int, list[int]] = {}
    items: dict[int, RubricItem] = {}
    for feedback in rows:
        for score in feedback.scores:
            totals.setdefault(score.rubric_item_id, []).append(score.score)
            items[score.rubric_item_id] = score.rubric_item
    ordered = sorted(items.values(), key=lambda i: (i.position, i.id))
    averages = [(item.name, round(sum(totals[item.id]) / len(totals[item.id]), 2)) for item in ordered]
    if names:
        comments = [Comment(f.observer.name, f.strengths, f.suggestions) for f in rows]
    else:
        # Anonymous: no names, and not in the order written (the teacher may know who came first).
        shuffled = sorted(rows, key=lambda f: (f.strengths, f.suggestions))
        comments = [Comment(f"评课人 {n}", f.strengths, f.suggestions) for n, f in enumerate(shuffled, start=1)]
    return FeedbackSummary(len(rows), settings.min_observers, averages, comments)

"""The rules of open lessons as plain functions: explicit arguments (the lesson, the person, the time), flush, never commit."""
from .compliance import ComplianceReport, compliance_report, groups_led_by, teachers_in_scope
from .errors import RuleBroken
from .feedback import (
    FeedbackSummary,
    feedback_deadline,
    feedback_of,
    feedback_problem,
    feedback_summary,
    write_feedback,
    write_reflection,
)
from .lessons import (
    COMPLETED,
    HELD,
    NON_TEACHING_SUBJECTS,
    ONGOING,
    PHASE_LABELS,
    TEACHING_SUBJECTS,
    UPCOMING,
    LessonDetails,
    Progress,
    change_lesson,
    confirmed_count,
    declare_lesson,
    lesson_of,
    observing_clash,
    phase_of,
    teaching_clash,
    withdraw_lesson,
)
from .observers import cancel, invite, lock_lesson, respond, row_of, sign_up, withdraw_invitation
from .queries import (
    SCOPES,
    LessonRow,
    Todos,
    lesson_rows,
    row_for,
    rows_for,
    settings_and_todos,
)
from .settings import (
    DEFAULT_PERIODS,
    DEFAULT_RUBRIC,
    MIN_OBSERVERS,
    Timetable,
    declaration_open,
    default_settings,
    rooms_of,
    rubric_of,
    save_room,
    save_rubric_item,
    save_settings,
    set_period_times,
    settings_for,
    timetable,
)
from .week import (
    CELL_LIMIT, Cell, PeriodTimes, Term, Week, WeekLesson, current_term, period_times, slot_of, week_of,
)

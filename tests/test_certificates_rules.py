"""Certificates as rules: Chinese dates, serials that never repeat (also under concurrent issuing), revoking."""
from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import func, select

from app import db
from blueprints.certificates.chinese_dates import chinese_date
from blueprints.certificates.issuing import IssueError, for_award, issue_many, revoke
from blueprints.certificates.models import Certificate
from blueprints.certificates.serials import format_serial
from tests.test_certificates_support import NOW, TODAY, fixed_day, issue_honour  # noqa: F401


def test_dates_are_written_the_chinese_way():
    assert chinese_date(date(2026, 9, 10)) == "二〇二六年九月十日"
    assert chinese_date(date(2026, 11, 25)) == "二〇二六年十一月二十五日"
    assert chinese_date(date(2030, 1, 1)) == "二〇三〇年一月一日"
    assert chinese_date(date(2027, 12, 31)) == "二〇二七年十二月三十一日"


def test_serials_count_up_per_year_with_four_digits():
    assert format_serial(2026, 42) == "TD-2026-0042"
    assert format_serial(2026, 12345) == "TD-2026-12345"


def test_an_honour_gets_a_serial_and_the_sentence_of_the_prize(issue_honour):
    first = issue_honour("王丽")
    second = issue_honour("李明")
    assert (first.serial, second.serial) == ("TD-2026-0001", "TD-2026-0002")
    assert first.kind_label == "荣誉证书" and first.recipient_name == "王丽"
    assert first.sentence == "在开化县小学语文优质课评比中荣获一等奖。特发此证，以资鼓励。"


def test_a_title_is_conferred(issue_honour):
    cert = issue_honour("赵敏", title="校级最美教师", category="荣誉称号", level="校", grade="其他")
    assert cert.sentence == "被授予“校级最美教师”荣誉称号。特发此证，以资鼓励。"


def test_issuing_the_same_honour_again_returns_the_same_certificate(app, admin, issue_honour):
    cert = issue_honour()
    from blueprints.honours.models import Award
    award = db.session.get(Award, cert.award_id)
    again = issue_many([for_award(award)], issued_by=admin, today=TODAY, now=NOW)
    db.session.commit()
    assert again == [cert] and db.session.scalar(select(func.count(Certificate.id))) == 1


def test_a_revoked_certificate_keeps_its_serial_and_a_new_one_gets_the_next(app, admin, issue_honour):
    from blueprints.honours.models import Award
    cert = issue_honour()
    revoke(cert, by=admin, reason="获奖信息有误", now=NOW)
    db.session.commit()
    award = db.session.get(Award, cert.award_id)
    [fresh] = issue_many([for_award(award)], issued_by=admin, today=TODAY, now=NOW)
    db.session.commit()
    assert cert.is_revoked and cert.serial == "TD-2026-0001" and fresh.serial == "TD-2026-0002"
    try:
        revoke(cert, by=admin, reason="再撤一次", now=NOW)
    except IssueError as error:
        assert "已经撤销" in str(error)
    else:
        raise AssertionError("revoking twice must fail")


def test_concurrent_issuing_never_repeats_a_serial(app, admin, make_staff, fixed_day):
    from blueprints.honours.models import Award
    award_ids = []
    for i in range(8):
        award = Award(recipient_kind="teacher", staff=make_staff(), title=f"比赛{i}", category="其他", level="县",
                      grade="一等奖", awarded_on=date(2026, 5, 1))
        db.session.add(award)
        db.session.flush()
        award_ids.append(award.id)
    db.session.commit()
    admin_id, errors = admin.id, []
    start = threading.Barrier(len(award_ids))

    def worker(award_id: int) -> None:
        from blueprints.accounts.models import Staff
        with app.app_context():
            try:
                start.wait()
                issue_many([for_award(db.session.get(Award, award_id))], issued_by=db.session.get(Staff, admin_id),
                           today=TODAY, now=NOW)
                db.session.commit()
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in award_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    serials = sorted(db.session.scalars(select(Certificate.serial)))
    assert serials == [f"TD-2026-{n:04d}" for n in range(1, 9)]


def test_every_certificate_gets_its_own_check_code_and_a_batch_stays_one_insert(app, admin, make_staff, fixed_day, count_queries):
    from blueprints.honours.models import Award

    def awards(n: int) -> list[Award]:
        rows = [Award(recipient_kind="teacher", staff=make_staff(), title=f"比赛{i}", category="其他", level="县",
                      grade="一等奖", awarded_on=date(2026, 5, 1)) for i in range(n)]
        db.session.add_all(rows)
        db.session.commit()
        for row in rows:
            assert row.staff.name  # loaded before counting, as the batch views load them with the awards
        assert admin.name
        return rows

    def issue(rows) -> tuple[list[Certificate], list[str]]:
        with count_queries() as statements:
            certs = issue_many([for_award(a) for a in rows], issued_by=admin, today=TODAY, now=NOW)
            db.session.flush()
        db.session.commit()
        return certs, statements

    issue(awards(1))  # the year's serial counter is created on first use
    few, few_statements = issue(awards(2))
    many, many_statements = issue(awards(12))
    codes = [c.check_code for c in few + many]
    assert len(set(codes)) == 14 and all(len(c) == 8 for c in codes)
    assert len(many_statements) == len(few_statements)  # no query per certificate for its code
    assert sum(s.lstrip().upper().startswith("INSERT INTO CERTIFICATE ") for s in many_statements) == 1
    # one multi-row INSERT..RETURNING, and each object got its own row's id back
    stored = {row.id: (row.serial, row.check_code, row.staff_id)
              for row in db.session.execute(select(Certificate.id, Certificate.serial, Certificate.check_code,
                                                   Certificate.staff_id))}
    assert all(stored[c.id] == (c.serial, c.check_code, c.staff_id) for c in few + many)

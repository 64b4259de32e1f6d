"""The shared row lock: it serialises writers without touching the locked row."""
import threading
import time

from app import db
from blueprints.accounts.models import Group
from blueprints.core.locking import lock_rows


def test_lock_leaves_the_row_as_it_was(app, make_group):
    group = make_group()
    before = (group.name, group.created_at)
    lock_rows((Group, group.id))
    db.session.commit()
    db.session.refresh(group)
    assert (group.name, group.created_at) == before


def test_second_locker_waits_for_the_first_to_commit(app, make_group):
    """Each thread reads the counter after locking and writes counter+1: no increment is lost."""
    group = make_group(name="计数")
    group.description = "0"
    db.session.commit()
    group_id = group.id

    def bump():
        with app.app_context():
            lock_rows((Group, group_id))
            row = db.session.get(Group, group_id, populate_existing=True)
            value = int(row.description)
            time.sleep(0.05)  # widen the window a lost update would need
            row.description = str(value + 1)
            db.session.commit()

    threads = [threading.Thread(target=bump) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    assert db.session.get(Group, group_id).description == "6"

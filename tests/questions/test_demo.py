"""The demo forum shows the whole feature: needs, diet, days and ESF+ with answers."""

import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.models import Answer, Event, Question, QuestionSetUse


def test_the_demo_forum_has_the_sets_and_answers(app, runner, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        forum = db.session.scalar(sa.select(Event).where(Event.slug == "forum-wspolpracy-miedzysektorowej"))
        assert len(forum.days) == 2
        origins = set(db.session.scalars(sa.select(Question.origin_key).where(Question.event_id == forum.id)))
        assert {"accessibility", "diet", "days", "gender", "education", "county", "pesel"} <= origins
        assert set(db.session.scalars(sa.select(QuestionSetUse.set_key).where(QuestionSetUse.event_id == forum.id))) \
            == {"needs", "days", "esf"}
        answers = db.session.execute(
            sa.select(Question.origin_key, sa.func.count(), sa.func.count(Answer.declined_at))
            .join(Question, Question.id == Answer.question_id).where(Question.event_id == forum.id)
            .group_by(Question.origin_key)).all()
        by_origin = {origin: (count, declined) for origin, count, declined in answers}
        assert by_origin["diet"][0] > 50 and by_origin["days"][0] > 50
        assert sum(declined for _count, declined in by_origin.values()) > 0
    form = client.get("/events/forum-wspolpracy-miedzysektorowej/register").get_data(as_text=True)
    assert "W które dni przyjdziesz?" in form and "Dlaczego pytamy" in form

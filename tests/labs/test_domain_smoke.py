import pytest

from labs.lifecycle import State
from tests.labs import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", list(State))
def test_it_reaches_every_state(state):
    rep = factories.make_user("rep")
    staff = factories.make_user("staff", role="labs_staff")
    company = factories.make_company(representatives=[rep])
    application = factories.make_application(company, rep)
    factories.advance(application, state, company_user=rep, staff=staff)
    assert application.state == state

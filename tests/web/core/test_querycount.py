from tests.querycount import count_queries
from webapp.models import Directorate


def test_count_queries_sees_each_statement(db):
    with count_queries() as statements:
        Directorate.create(name="Resources")
        list(Directorate.select())
    assert len(statements) == 2

"""Imports every model module, so the metadata (and Alembic) sees every table."""

from portal.accounts import models as accounts_models  # noqa: F401
from portal.applications import models as applications_models  # noqa: F401
from portal.core import models as core_models  # noqa: F401
from portal.delegations import models as delegations_models  # noqa: F401
from portal.interviews import models as interviews_models  # noqa: F401
from portal.members import models as members_models  # noqa: F401
from portal.mfa import models as mfa_models  # noqa: F401
from portal.news import models as news_models  # noqa: F401
from portal.openings import models as openings_models  # noqa: F401
from portal.reviews import models as reviews_models  # noqa: F401
from portal.teams import models as teams_models  # noqa: F401

"""Imports every module that defines background tasks, so that the worker knows them all
under the same names as the web processes that enqueue them."""

from portal.core import mail  # noqa: F401
from portal.interviews import tasks  # noqa: F401
from portal.members import tasks as members_tasks  # noqa: F401
from portal.privacy import retention  # noqa: F401

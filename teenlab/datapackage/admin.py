from django.contrib import admin
from django_tasks_db.models import DBTaskResult

# The task queue of the background worker (django-tasks-db registers it): its rows hold only an
# upload's id, and what became of an upload is on its review page (failures included, as the
# tasks never raise). No admin page for it: one page fewer that shows internals.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)

from django.urls import path

from teenlab.training import views, views_planning

app_name = "training"
urlpatterns = [
    path("cohorts/", views.cohort_list, name="cohort_list"),
    path("cohorts/new/", views_planning.cohort_create, name="cohort_create"),
    path("cohorts/options/", views.cohort_options, name="cohort_options"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/edit/", views_planning.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/timetable/", views_planning.cohort_timetable, name="cohort_timetable"),
    path("cohorts/<int:pk>/modules/new/", views_planning.module_create, name="module_create"),
    path("cohorts/<int:pk>/slots/new/", views_planning.slot_create, name="slot_create"),
    path("slots/<int:pk>/edit/", views_planning.slot_edit, name="slot_edit"),
    path("modules/<int:pk>/edit/", views_planning.module_edit, name="module_edit"),
    path("modules/<int:pk>/delete/", views_planning.module_delete, name="module_delete"),
    path("cohorts/<int:pk>/sheet.pdf", views.cohort_week_pdf, name="cohort_week_pdf"),
    path("enrolments/<int:pk>/complete/", views.enrolment_complete, name="enrolment_complete"),
    path("enrolments/<int:pk>/drop-out/", views.enrolment_drop_out, name="enrolment_drop_out"),
    path(
        "enrolments/<int:pk>/early-exit/", views.enrolment_early_exit, name="enrolment_early_exit"
    ),
    path("attendance/today/", views.today, name="today"),
    path("slots/<int:pk>/", views.slot_attendance, name="slot_attendance"),
    path("slots/<int:pk>/sheet.pdf", views.slot_sheet_pdf, name="slot_sheet_pdf"),
    path("slots/<int:pk>/countersign/", views.slot_countersign, name="slot_countersign"),
    path("slots/<int:pk>/absent-rest/", views.slot_absent_rest, name="slot_absent_rest"),
    path("slots/<int:pk>/trainee-mode/", views.trainee_mode_enter, name="trainee_mode_enter"),
    path(
        "slots/<int:pk>/trainee-mode/leave/",
        views.trainee_mode_leave,
        name="trainee_mode_leave",
    ),
    path(
        "slots/<int:pk>/youth/<int:youth_pk>/sign/",
        views.attendance_sign,
        name="attendance_sign",
    ),
    path(
        "slots/<int:pk>/youth/<int:youth_pk>/mark/",
        views.attendance_mark,
        name="attendance_mark",
    ),
    path(
        "slots/<int:pk>/youth/<int:youth_pk>/late/",
        views.attendance_late_entry,
        name="attendance_late_entry",
    ),
    path(
        "slots/<int:pk>/youth/<int:youth_pk>/correct/",
        views.attendance_correct,
        name="attendance_correct",
    ),
]

# Pages of the participants namespace whose views read enrolments (teenlab/urls.py includes
# them with teenlab.participants.urls under the name "participants").
participants_urlpatterns = [
    path("youth/", views.youth_list, name="youth_list"),
    path("youth/<int:pk>/", views.youth_detail, name="youth_detail"),
    path("youth/<int:pk>/recruit/", views.youth_recruit, name="youth_recruit"),
    path("youth/<int:pk>/decide/", views.youth_decide, name="youth_decide"),
    path("recruitment/", views.recruitment, name="recruitment"),
    path("recruitment/sessions/<int:pk>/", views.info_session_detail, name="info_session_detail"),
]

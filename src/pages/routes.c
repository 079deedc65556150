/* The one table of routes: method, path, handler, roles allowed, flags. The dispatcher
   (src/http/dispatch.c) checks login, role and CSRF before a handler runs. */
#include "http/dispatch.h"
#include "http/req.h"
#include "http/route.h"
#include "pages/pages.h"
#include "view/i18n.h"
#include "view/render.h"

const struct route routes[] = {
    {"GET", "/healthz", page_healthz, 0, ROUTE_PUBLIC},
    {"GET", "/metrics", page_metrics, 0, ROUTE_PUBLIC}, /* home.c: only [metrics] allow */
    {"GET", "/calendar.ics", page_calendar_feed, 0, ROUTE_PUBLIC}, /* calendar.c */
    {"GET", "/login", page_login_form, 0, ROUTE_PUBLIC},
    {"POST", "/login", page_login, 0, ROUTE_PUBLIC},
    {"POST", "/logout", page_logout, ROLES_ANY, 0},
    {"POST", "/lang", page_lang_set, 0, ROUTE_PUBLIC},
    {"GET", "/", page_home, ROLES_ANY, 0},
    /* parent_account.c (register, link a child), parent.c (home, a child), enrolments.c */
    {"GET", "/register", page_register_form, 0, ROUTE_PUBLIC},
    {"POST", "/register", page_register, 0, ROUTE_PUBLIC},
    {"GET", "/parent", page_parent_home, ROLE_PARENT, 0},
    {"POST", "/parent/children", page_parent_link_child, ROLE_PARENT, 0},
    {"GET", "/parent/children/{id}", page_parent_child, ROLE_PARENT, 0},
    {"GET", "/parent/children/{id}/contacts", page_parent_contacts, ROLE_PARENT, 0},
    {"POST", "/parent/children/{id}/contacts", page_parent_contacts_save, ROLE_PARENT, 0},
    {"POST", "/enrolments", page_enrolment_create, ROLE_PARENT | ROLES_SCHOOL, 0},
    {"POST", "/enrolments/{id}/cancel", page_enrolment_cancel, ROLE_PARENT | ROLES_SCHOOL, 0},
    /* issue 10 point 3: a confirmation page before each step that cannot be undone */
    {"GET", "/enrolments/{id}/cancel", page_enrolment_cancel_confirm, ROLE_PARENT | ROLES_SCHOOL,
     0},
    {"GET", "/rounds/{id}/allocate", page_round_allocate_confirm, ROLES_SCHOOL, 0},
    {"GET", "/holidays/{id}/delete", page_holiday_delete_confirm, ROLE_LEAD, 0},
    {"GET", "/pupils/{id}/link-code", page_pupil_link_code_confirm, ROLES_SCHOOL, 0},
    {"GET", "/pupils/{id}/followup", page_followup_show, ROLES_SCHOOL, 0},
    /* issue 14: the pupil's rights (pages/pupils/privacy.c) */
    {"GET", "/pupils/{id}/contacts", page_pupil_contacts, ROLES_SCHOOL, 0},
    {"POST", "/pupils/{id}/contacts", page_pupil_contacts_save, ROLES_SCHOOL, 0},
    {"GET", "/pupils/{id}/export", page_pupil_export, ROLES_SCHOOL, 0},
    {"GET", "/pupils/{id}/delete", page_pupil_delete_confirm, ROLES_SCHOOL, 0},
    {"POST", "/pupils/{id}/delete", page_pupil_delete, ROLES_SCHOOL, 0},
    {"GET", "/privacy", page_privacy, 0, ROUTE_PUBLIC},
    {"POST", "/pupils/{id}/followup", page_followup_save, ROLES_SCHOOL, 0},
    /* end issue 10 point 3 */
    /* activities.c (list, show), activity_form.c (new, create, edit, update), sessions.c */
    {"GET", "/activities", page_activities_list, ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF, 0},
    {"GET", "/activities/new", page_activity_new, ROLES_SCHOOL, 0},
    {"POST", "/activities", page_activity_create, ROLES_SCHOOL, 0},
    {"GET", "/activities/{id}", page_activity_show, ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF, 0},
    {"GET", "/activities/{id}/copy", page_activity_copy, ROLES_SCHOOL, 0},
    {"GET", "/activities/{id}/edit", page_activity_edit, ROLES_SCHOOL, 0},
    {"POST", "/activities/{id}", page_activity_update, ROLES_SCHOOL, 0},
    {"GET", "/sessions/{id}/edit", page_session_edit, ROLES_SCHOOL, 0},
    {"POST", "/sessions/{id}", page_session_update, ROLES_SCHOOL, 0},
    /* register.c: the attendance register of a session (issue 4; staff: own activities) */
    {"GET", "/sessions/{id}", page_session_register, ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF, 0},
    {"POST", "/sessions/{id}/attendance", page_session_attendance,
     ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF, 0},
    /* end register.c */
    /* pupils.c, pupils_list.c (list), pupils_import.c (import) */
    {"GET", "/pupils", page_pupils_list, ROLES_SCHOOL, 0},
    {"GET", "/pupils/new", page_pupil_new, ROLES_SCHOOL, 0},
    {"POST", "/pupils", page_pupil_create, ROLES_SCHOOL, 0},
    {"GET", "/pupils/import", page_pupils_import_form, ROLES_SCHOOL, 0},
    {"POST", "/pupils/import", page_pupils_import, ROLES_SCHOOL, ROUTE_MULTIPART},
    {"POST", "/pupils/import/confirm", page_pupils_import_confirm, ROLES_SCHOOL, 0},
    /* letters.c: the parent letters of a group, one per page */
    {"GET", "/pupils/letters", page_pupils_letters, ROLES_SCHOOL, 0},
    {"GET", "/pupils/{id}", page_pupil_show, ROLES_SCHOOL, 0},
    {"GET", "/pupils/{id}/edit", page_pupil_edit, ROLES_SCHOOL, 0},
    {"POST", "/pupils/{id}", page_pupil_update, ROLES_SCHOOL, 0},
    {"POST", "/pupils/{id}/link-code", page_pupil_new_link_code, ROLES_SCHOOL, 0},
    /* providers.c, staff.c (the staff forms) */
    {"GET", "/providers", page_providers_list, ROLES_SCHOOL, 0},
    {"GET", "/providers/new", page_provider_new, ROLES_SCHOOL, 0},
    {"POST", "/providers", page_provider_create, ROLES_SCHOOL, 0},
    {"GET", "/providers/{id}", page_provider_show, ROLES_SCHOOL, 0},
    {"GET", "/providers/{id}/edit", page_provider_edit, ROLES_SCHOOL, 0},
    {"POST", "/providers/{id}", page_provider_update, ROLES_SCHOOL, 0},
    {"GET", "/providers/{id}/staff/new", page_staff_new, ROLES_SCHOOL, 0},
    {"POST", "/providers/{id}/staff", page_staff_create, ROLES_SCHOOL, 0},
    {"GET", "/staff/{id}/edit", page_staff_edit, ROLES_SCHOOL, 0},
    {"POST", "/staff/{id}", page_staff_update, ROLES_SCHOOL, 0},
    {"POST", "/staff/{id}/levels", page_staff_assess, ROLES_SCHOOL, 0},
    {"POST", "/staff/{id}/trainings", page_staff_add_training, ROLES_SCHOOL, 0},
    /* evaluations.c, incidents.c: the evaluation after a session (nabespreking) and safety
       incidents (issue 4; staff: own activities) */
    {"GET", "/sessions/{id}/evaluation", page_evaluation_form,
     ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF, 0},
    {"POST", "/sessions/{id}/evaluation", page_evaluation_save,
     ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF, 0},
    {"GET", "/activities/{id}/evaluations", page_activity_evaluations, ROLES_SCHOOL, 0},
    {"GET", "/sessions/{id}/incidents/new", page_incident_new,
     ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF, 0},
    {"POST", "/sessions/{id}/incidents", page_incident_create,
     ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF, 0},
    {"GET", "/incidents", page_incidents_list, ROLES_SCHOOL, 0},
    {"GET", "/incidents/{id}", page_incident_show, ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF, 0},
    /* end evaluations.c, incidents.c */
    /* plans.c: the activity plan (issue 15 part 1); visits.c: visits of a session (part 3) */
    {"GET", "/plan-questions", page_plan_questions, ROLE_LEAD, 0},
    {"POST", "/plan-questions", page_plan_question_create, ROLE_LEAD, 0},
    {"GET", "/plan-questions/{id}/edit", page_plan_question_edit, ROLE_LEAD, 0},
    {"POST", "/plan-questions/{id}", page_plan_question_update, ROLE_LEAD, 0},
    {"POST", "/plan-questions/{id}/move", page_plan_question_move, ROLE_LEAD, 0},
    {"GET", "/plan-questions/{id}/delete", page_plan_question_delete_confirm, ROLE_LEAD, 0},
    {"POST", "/plan-questions/{id}/delete", page_plan_question_delete, ROLE_LEAD, 0},
    {"GET", "/activities/{id}/plan", page_activity_plan, ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF,
     0},
    {"POST", "/activities/{id}/plan", page_activity_plan_save, ROLES_SCHOOL, 0},
    {"GET", "/sessions/{id}/visit", page_visit_form, ROLES_SCHOOL, 0},
    {"POST", "/sessions/{id}/visit", page_visit_save, ROLES_SCHOOL, 0},
    /* end plans.c, visits.c */
    /* costs.c: money (issue 15, part 4): the lead and the school's coordinator only */
    {"GET", "/activities/{id}/costs", page_activity_costs, ROLES_SCHOOL, 0},
    {"POST", "/activities/{id}/costs", page_activity_costs_save, ROLES_SCHOOL, 0},
    {"GET", "/schools/{id}/budget", page_school_budget, ROLES_SCHOOL, 0},
    {"POST", "/schools/{id}/budget", page_school_budget_save, ROLE_LEAD, 0},
    {"GET", "/reports/costs.csv", page_reports_costs_csv, ROLES_SCHOOL, 0},
    /* end costs.c */
    /* questionnaires.c: the pupil's voice (issue 15 part 2); /q is the tablet's, without login */
    {"GET", "/questionnaires/new", page_questionnaire_new, ROLES_SCHOOL, 0},
    {"POST", "/questionnaires", page_questionnaire_create, ROLES_SCHOOL, 0},
    {"POST", "/sessions/{id}/feedback", page_session_feedback,
     ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF, 0},
    {"GET", "/parent/children/{id}/interests", page_parent_interests, ROLE_PARENT, 0},
    {"POST", "/parent/children/{id}/interests", page_parent_interests_save, ROLE_PARENT, 0},
    {"GET", "/q", page_q_code_form, 0, ROUTE_PUBLIC},
    {"POST", "/q", page_q_code, 0, ROUTE_PUBLIC},
    {"GET", "/q/{token}", page_q_pupils, 0, ROUTE_PUBLIC},
    {"GET", "/q/{token}/pupils/{id}", page_q_answer_form, 0, ROUTE_PUBLIC},
    {"POST", "/q/{token}/pupils/{id}", page_q_answer, 0, ROUTE_PUBLIC | ROUTE_OWN_CSRF},
    /* issue 4, start page helpers: attendance_list.c (the printable list and its CSV) and
       staff_overview.c (every staff member with the VOG, and the warnings) */
    {"GET", "/activities/{id}/attendance", page_activity_attendance,
     ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF, 0},
    {"GET", "/staff", page_staff_overview, ROLES_SCHOOL, 0},
    /* end attendance_list.c, staff_overview.c */
    /* schools.c */
    {"GET", "/schools", page_schools_list, ROLE_LEAD, 0},
    {"GET", "/schools/new", page_school_new, ROLE_LEAD, 0},
    {"POST", "/schools", page_school_create, ROLE_LEAD, 0},
    {"GET", "/schools/{id}", page_school_show, ROLES_SCHOOL, 0},
    {"GET", "/schools/{id}/edit", page_school_edit, ROLE_LEAD, 0},
    {"POST", "/schools/{id}", page_school_update, ROLE_LEAD, 0},
    /* study_days.c (issue 14): the lead, and the school's coordinator */
    {"GET", "/schools/{id}/study-days", page_study_days_list, ROLES_SCHOOL, 0},
    {"POST", "/schools/{id}/study-days", page_study_day_create, ROLES_SCHOOL, 0},
    {"GET", "/schools/{id}/study-days/{id}/delete", page_study_day_delete_confirm, ROLES_SCHOOL,
     0},
    {"POST", "/schools/{id}/study-days/{id}/delete", page_study_day_delete, ROLES_SCHOOL, 0},
    /* admin.c */
    {"GET", "/admin", page_admin, ROLE_LEAD, 0},
    {"GET", "/admin/rollover", page_rollover, ROLE_LEAD, 0},   /* rollover.c */
    {"POST", "/admin/rollover", page_rollover_run, ROLE_LEAD, 0},
    {"GET", "/domains", page_domains_list, ROLE_LEAD, 0},
    {"POST", "/domains", page_domain_create, ROLE_LEAD, 0},
    {"POST", "/domains/{id}", page_domain_update, ROLE_LEAD, 0},
    {"GET", "/holidays", page_holidays_list, ROLE_LEAD, 0},
    {"POST", "/holidays", page_holiday_create, ROLE_LEAD, 0},
    {"POST", "/holidays/{id}/delete", page_holiday_delete, ROLE_LEAD, 0},
    /* norms.c: norm and ambition per figure (issue 5); coordinators may read them */
    {"GET", "/norms", page_norms, ROLES_SCHOOL, 0},
    {"POST", "/norms", page_norms_save, ROLE_LEAD, 0},
    /* end norms.c */
    /* rounds.c (list, show, allocate), round_form.c (new, create, edit, update), and the
       parent's ranking page parent_rounds.c: enrolment rounds */
    {"GET", "/rounds", page_rounds_list, ROLES_SCHOOL, 0},
    {"GET", "/rounds/new", page_round_new, ROLES_SCHOOL, 0},
    {"POST", "/rounds", page_round_create, ROLES_SCHOOL, 0},
    {"GET", "/rounds/{id}", page_round_show, ROLES_SCHOOL, 0},
    {"GET", "/rounds/{id}/edit", page_round_edit, ROLES_SCHOOL, 0},
    {"POST", "/rounds/{id}", page_round_update, ROLES_SCHOOL, 0},
    {"POST", "/rounds/{id}/allocate", page_round_allocate, ROLES_SCHOOL, 0},
    {"GET", "/parent/children/{id}/rounds/{id}", page_parent_round, ROLE_PARENT, 0},
    {"POST", "/parent/children/{id}/rounds/{id}", page_parent_round_save, ROLE_PARENT, 0},
    /* reports.c: the coverage report; a coordinator sees the own school only (issue 5) */
    {"GET", "/reports/coverage", page_reports_coverage, ROLES_SCHOOL, 0},
    /* end reports.c */
    /* progress.c: the quarterly progress report (issue 15, part 5); scope as the coverage
       report's */
    {"GET", "/reports/progress", page_reports_progress, ROLES_SCHOOL, 0},
    /* end progress.c */
    /* dashboard.c: the coalition at a glance (issue 5); a coordinator sees the own school only */
    {"GET", "/dashboard", page_dashboard, ROLES_SCHOOL, 0},
    /* end dashboard.c */
    /* reviews.c: the yearly review of one school (jaargesprek) and its conclusions; a
       coordinator only the own school (issue 5) */
    {"GET", "/reports/schools/{id}", page_review_show, ROLES_SCHOOL, 0},
    {"POST", "/reports/schools/{id}", page_review_save, ROLES_SCHOOL, 0},
    /* end reviews.c */
    /* activity_book.c: the coalition's activity book, read by lead, coordinators and staff
       alike (coalition-wide by design) (issue 5) */
    {"GET", "/activity-book", page_activity_book, ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF, 0},
    {"GET", "/activity-book/{id}", page_activity_book_show,
     ROLE_LEAD | ROLE_COORDINATOR | ROLE_STAFF, 0},
    /* end activity_book.c */
    /* accounts.c */
    {"GET", "/accounts", page_accounts_list, ROLE_LEAD, 0},
    {"GET", "/accounts/new", page_account_new, ROLE_LEAD, 0},
    {"POST", "/accounts", page_account_create, ROLE_LEAD, 0},
    {"GET", "/accounts/{id}/edit", page_account_edit, ROLE_LEAD, 0},
    {"POST", "/accounts/{id}", page_account_update, ROLE_LEAD, 0},
    /* account.c: one's own account (issue 10) */
    {"GET", "/account", page_account_show, ROLES_ANY, 0},
    {"POST", "/account/password", page_account_password, ROLES_ANY, 0},
    /* password.c: a forgotten password through a mailed one-time link (issue 10) */
    {"GET", "/password/forgot", page_password_forgot_form, 0, ROUTE_PUBLIC},
    {"POST", "/password/forgot", page_password_forgot, 0, ROUTE_PUBLIC},
    {"GET", "/password/reset/{token}", page_password_reset_form, 0, ROUTE_PUBLIC},
    {"POST", "/password/reset/{token}", page_password_reset, 0, ROUTE_PUBLIC},
    /* end account.c, password.c */
};

const size_t n_routes = sizeof routes / sizeof routes[0];

/* ---- what the dispatcher asks of the pages (http/dispatch.h) ---------------------------------- */

/* One language per screen: the staff pages (lead, coordinator, staff) are written in Dutch, so
   they are Dutch around their content too. Parents and visitors get their choice (the cookie
   that POST /lang and the login set), else their browser's languages. */
void dispatch_choose_language(struct req *r)
{
    bool staff_side = r->user.role == ROLE_LEAD || r->user.role == ROLE_COORDINATOR ||
                      r->user.role == ROLE_STAFF;
    r->lang = staff_side ? I18N_DEFAULT
                         : i18n_pick(req_cookie(r, I18N_COOKIE), req_header(r, "Accept-Language"));
}

int dispatch_refuse(struct req *r, int status, const char *message_key)
{
    return render_error(r, status, req_text(r, message_key));
}

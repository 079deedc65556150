/* Every page handler, by area. The route table is routes.c. */
#ifndef VERRIJKT_PAGES_PAGES_H
#define VERRIJKT_PAGES_PAGES_H

#include "pages/layer.h"

struct req;

/* auth.c */
int page_login_form(struct req *r);
int page_login(struct req *r);
int page_logout(struct req *r);
int page_lang_set(struct req *r); /* lang.c: POST /lang, the language switch */
/* home.c */
int page_home(struct req *r);
int page_healthz(struct req *r);
int page_metrics(struct req *r);
/* activities.c (list, show), activity_form.c (new, create, edit, update), sessions.c */
int page_activities_list(struct req *r);
int page_activity_new(struct req *r);
int page_activity_copy(struct req *r);
int page_activity_create(struct req *r);
int page_activity_show(struct req *r);
int page_activity_edit(struct req *r);
int page_activity_update(struct req *r);
int page_session_edit(struct req *r);
int page_session_update(struct req *r);
/* register.c: the attendance register of a session (GET), saving it (POST …/attendance) */
int page_session_register(struct req *r);
int page_session_attendance(struct req *r);
/* end register.c */
/* pupils/pupils.c, pupils/pupils_list.c (list), pupils/pupils_import.c (import) */
int page_pupils_list(struct req *r);
int page_pupil_new(struct req *r);
int page_pupil_create(struct req *r);
int page_pupils_import_form(struct req *r);
int page_pupils_import(struct req *r);
int page_pupils_import_confirm(struct req *r);
struct arena;
/* The Dutch words for enum pupil_import_change bits ("groep, klas"; "leerjaar" when grade_max
   is 6), arena-owned: the import's preview page and the command line. */
const char *pupil_import_changes_words(struct arena *a, unsigned changes, int grade_max);
int page_pupil_show(struct req *r);
int page_pupil_edit(struct req *r);
int page_pupil_update(struct req *r);
int page_pupil_new_link_code(struct req *r);
/* letters.c: the parent letters of a group */
int page_pupils_letters(struct req *r);
/* providers.c, staff.c (the staff forms) */
int page_providers_list(struct req *r);
int page_provider_new(struct req *r);
int page_provider_create(struct req *r);
int page_provider_show(struct req *r);
int page_provider_edit(struct req *r);
int page_provider_update(struct req *r);
int page_staff_new(struct req *r);
int page_staff_create(struct req *r);
int page_staff_edit(struct req *r);
int page_staff_update(struct req *r);
/* The staff member's assessments and trainings, the two small forms of the edit page. */
int page_staff_assess(struct req *r);
int page_staff_add_training(struct req *r);
/* parent_account.c, parent.c, enrolments.c */
int page_register_form(struct req *r);
int page_register(struct req *r);
int page_parent_link_child(struct req *r);
int page_parent_home(struct req *r);
int page_parent_child(struct req *r);
/* parent/parent_contacts.c: the contacts and consents of the parent's own child */
int page_parent_contacts(struct req *r);
int page_parent_contacts_save(struct req *r);
int page_enrolment_create(struct req *r);
int page_enrolment_cancel(struct req *r);
/* issue 10 point 3, nothing irreversible in one tap: the confirmation pages before a cancel
   (enrolments.c), an allocation (rounds.c), a holiday's deletion (admin.c), a new link code
   (pupils.c) */
int page_enrolment_cancel_confirm(struct req *r);
int page_round_allocate_confirm(struct req *r);
int page_holiday_delete_confirm(struct req *r);
int page_pupil_link_code_confirm(struct req *r);
/* pages/pupils/contacts.c */
int page_pupil_contacts(struct req *r);
int page_pupil_contacts_save(struct req *r);
/* pages/pupils/privacy.c */
int page_pupil_export(struct req *r);
int page_pupil_delete_confirm(struct req *r);
int page_pupil_delete(struct req *r);
int page_privacy(struct req *r);
/* pages/pupils/followup.c */
int page_followup_show(struct req *r);
int page_followup_save(struct req *r);
/* evaluations.c (the nabespreking of a session, per activity), incidents.c */
int page_evaluation_form(struct req *r);
int page_evaluation_save(struct req *r);
int page_activity_evaluations(struct req *r);
/* plans.c: the activity plan's questions (the lead) and an activity's answers (issue 15) */
int page_plan_questions(struct req *r);
int page_plan_question_create(struct req *r);
int page_plan_question_edit(struct req *r);
int page_plan_question_update(struct req *r);
int page_plan_question_move(struct req *r);
int page_plan_question_delete_confirm(struct req *r);
int page_plan_question_delete(struct req *r);
int page_activity_plan(struct req *r);
int page_activity_plan_save(struct req *r);
/* visits.c: a visit of a session (issue 15) */
int page_visit_form(struct req *r);
int page_visit_save(struct req *r);
int page_incident_new(struct req *r);
int page_incident_create(struct req *r);
int page_incidents_list(struct req *r);
int page_incident_show(struct req *r);
/* end evaluations.c, incidents.c */
/* issue 4: attendance_list.c (GET /activities/{id}/attendance, also ?format=csv) and
   staff_overview.c (GET /staff: staff, levels, VOG and the warnings) */
int page_activity_attendance(struct req *r);
int page_staff_overview(struct req *r);
/* end attendance_list.c, staff_overview.c */
/* schools.c */
int page_schools_list(struct req *r);
int page_school_new(struct req *r);
int page_school_create(struct req *r);
int page_school_show(struct req *r);
int page_school_edit(struct req *r);
int page_school_update(struct req *r);
/* study_days.c */
int page_study_days_list(struct req *r);
int page_study_day_create(struct req *r);
int page_study_day_delete_confirm(struct req *r);
int page_study_day_delete(struct req *r);
/* admin.c */
int page_admin(struct req *r);
/* rollover.c: the year turns over (the lead) */
int page_rollover(struct req *r);
int page_rollover_run(struct req *r);
int page_domains_list(struct req *r);
int page_domain_create(struct req *r);
int page_domain_update(struct req *r);
int page_holidays_list(struct req *r);
int page_holiday_create(struct req *r);
int page_holiday_delete(struct req *r);
/* norms.c: GET /norms (lead and coordinators), POST /norms (the lead saves all figures) */
int page_norms(struct req *r);
int page_norms_save(struct req *r);
/* end norms.c */
/* reports.c: GET /reports/coverage, the coverage report (HTML, JSON, CSV) (issue 5) */
int page_reports_coverage(struct req *r);
/* end reports.c */
/* progress.c: GET /reports/progress?quarter=2025-Q4, the quarterly progress report (HTML,
   JSON, CSV) (issue 15, part 5) */
int page_reports_progress(struct req *r);
/* end progress.c */
/* dashboard.c: GET /dashboard, the coalition at a glance: heat map, figures with their
   signals, charts and the monthly trend (issue 5) */
int page_dashboard(struct req *r);
/* end dashboard.c */
/* reviews.c: GET /reports/schools/{id}?year=2025, the yearly review of one school (issue 5),
   and POST /reports/schools/{id}, its conclusions */
int page_review_show(struct req *r);
int page_review_save(struct req *r);
/* end reviews.c */
/* activity_book.c: GET /activity-book (the catalogue) and /activity-book/{id} (issue 5) */
int page_activity_book(struct req *r);
int page_activity_book_show(struct req *r);
/* end activity_book.c */
/* accounts.c */
int page_accounts_list(struct req *r);
int page_account_new(struct req *r);
int page_account_create(struct req *r);
int page_account_edit(struct req *r);
int page_account_update(struct req *r);
/* account.c: one's own account (GET /account) and password (POST /account/password) */
int page_account_show(struct req *r);
int page_account_password(struct req *r);
/* password.c: the forgotten password (/password/forgot, /password/reset/{token}) */
int page_password_forgot_form(struct req *r);
int page_password_forgot(struct req *r);
int page_password_reset_form(struct req *r);
int page_password_reset(struct req *r);
/* end account.c, password.c */
/* rounds.c, round_form.c (enrolment rounds for the school), parent_rounds.c (a parent ranks) */
int page_rounds_list(struct req *r);
int page_round_new(struct req *r);
int page_round_create(struct req *r);
int page_round_show(struct req *r);
int page_round_edit(struct req *r);
int page_round_update(struct req *r);
int page_round_allocate(struct req *r);
int page_parent_round(struct req *r);
int page_parent_round_save(struct req *r);
/* calendar.c: a child's calendar feed (public: the token in the query is the secret) */
int page_calendar_feed(struct req *r);
/* costs.c: money (issue 15, part 4): an activity's costs, a school's budgets, the CSV */
int page_activity_costs(struct req *r);
int page_activity_costs_save(struct req *r);
int page_school_budget(struct req *r);
int page_school_budget_save(struct req *r);
int page_reports_costs_csv(struct req *r);
/* questionnaires.c: the pupil's voice (issue 15 part 2) */
int page_q_code_form(struct req *r);
int page_q_code(struct req *r);
int page_q_pupils(struct req *r);
int page_q_answer_form(struct req *r);
int page_q_answer(struct req *r);
int page_questionnaire_new(struct req *r);
int page_questionnaire_create(struct req *r);
int page_session_feedback(struct req *r);
/* parent/parent_interests.c: "Wat vindt {{child}} leuk?" */
int page_parent_interests(struct req *r);
int page_parent_interests_save(struct req *r);

#endif

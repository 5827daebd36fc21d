"""Reads of the capacity app. Cohorts span partnerships: start every cohort query from
``cohorts_visible_to(user)`` or ``cohort_list_for_partnership(partnership)``."""

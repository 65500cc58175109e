"""When may we change what: the forward schedule of change (planned changes, releases and
maintenance windows, recurrences expanded in their own time zone), its iCalendar, text and JSON
views, and the conflicts between changes and windows that `opsbook validate` reports (how
serious each conflict is: `opsbook.conflict_policy`, part of the configuration)."""

"""When may we change what: the forward schedule of change (planned changes, releases and
maintenance windows, recurrences expanded in their own time zone), its iCalendar, text and JSON
views, and the conflicts between changes and windows that `opsbook validate` reports.

Kept free of imports so that `opsbook.config` can read the conflict policy without a cycle."""

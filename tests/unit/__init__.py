"""Unit tests: functions, config, i18n, the search index, migrations, commands; no app HTTP."""

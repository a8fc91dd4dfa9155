"""`python -m helpwidget ...`: the same as the `helpwidget` command."""
from helpwidget.commands import main

main()

#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    from core.editorial import SYSTEM, acting_as

    # Commands are run by an operator with shell access: they write as SYSTEM (core.editorial).
    # Requests served by `runserver` run in their own threads and act as their user.
    with acting_as(SYSTEM):
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

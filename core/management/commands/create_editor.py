import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create (or update) an admin account with the editor or publisher role."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=["editor", "publisher"], default="editor")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password", help="Prompted for when omitted (avoid it on shared machines)."
        )

    def handle(self, *args, username, role, email, password, **options):
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError(
                    "No terminal to ask for a password: pass it with --password "
                    '(e.g. --password "$ATLAS_EDITOR_PASSWORD").'
                )
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.email = email or user.email
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        self.stdout.write(self.style.SUCCESS(f"{username} can now sign in at /admin/ as {role}."))

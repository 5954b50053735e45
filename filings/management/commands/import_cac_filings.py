from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from filings.services import filings_import, import_run_report_csv
from filings.sources import RegisterFileError


class Command(BaseCommand):
    help = (
        "Import the CAC register of generative-AI filings (备案/登记) from the JSON mirror or an "
        "announcement's CSV/XLSX attachment. Idempotent; every run and anomaly is recorded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            type=Path,
            nargs="?",
            help="default: settings.CAC_REGISTER_FILE (../shared/data/cac/genai_filing.json)",
        )
        parser.add_argument(
            "--skip-missing",
            action="store_true",
            help="do nothing (and succeed) when the file is not there, as `make run` does",
        )
        parser.add_argument("--period", default="", help="YYYY-MM of a CSV/XLSX batch")
        parser.add_argument("--announcement-url", default="")
        parser.add_argument("--attachment-url", default="")
        parser.add_argument("--by", default="", help="username of the editor running it")
        parser.add_argument("--report", type=Path, help="write the anomalies as CSV here")
        parser.add_argument(
            "--quiet-anomalies", action="store_true", help="print counts, not every anomaly"
        )

    def handle(self, *args, path: Path | None, by: str, report: Path | None, **options):
        path = path or settings.CAC_REGISTER_FILE
        if options["skip_missing"] and not path.exists():
            self.stdout.write(f"No CAC register at {path}: skipped.")
            return
        user = None
        if by:
            user = get_user_model().objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"No user named {by!r}.")
        try:
            result = filings_import(
                path=path,
                by=user,
                period=options["period"],
                announcement_url=options["announcement_url"],
                attachment_url=options["attachment_url"],
            )
        except RegisterFileError as error:
            raise CommandError(f"{path}: {error}") from None
        run = result.run
        if not options["quiet_anomalies"]:
            for a in result.anomalies:
                where = f"{a.batch} row {a.row}" if a.row else a.batch
                number = f" {a.number}" if a.number else ""
                self.stdout.write(
                    f"  {where}{number}: {a.get_code_display()}"
                    f"{' — ' + a.detail if a.detail else ''} → {a.decision}"
                )
            for change in run.changes:
                fields = ", ".join(
                    f"{k}: {old!r} → {new!r}" for k, (old, new) in change["fields"].items()
                )
                self.stdout.write(
                    f"  {change['batch']} {change.get('number', '')}: changed {fields}"
                )
        for period, tally in result.per_batch.items():
            self.stdout.write(
                f"{period}: {tally['rows']} rows = {tally['created']} added + {tally['updated']} "
                f"changed + {tally['unchanged']} unchanged + {tally['skipped']} skipped"
            )
        if report:
            report.write_text(import_run_report_csv(run=run), encoding="utf-8")
            self.stdout.write(f"Report written to {report}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Run {run.pk}: {run.rows} rows, {run.created} added, {run.updated} changed, "
                f"{run.unchanged} unchanged, {run.skipped} skipped, {len(result.anomalies)} "
                f"anomalies, {run.vendors_created} draft vendors, {run.linked} linked."
            )
        )

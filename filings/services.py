"""Writes for the register: the import (idempotent, every fault reported) and editors' links."""

import getpass
import hashlib
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core import facets, spreadsheet
from core.regions import Province
from core.sorting import fill_name_sort
from directory.models import AIModel, Vendor, VendorName, name_key
from search import indexer
from search.signals import paused

from .models import Filing, FilingBatch, ImportAnomaly, ImportRun
from .numbers import BEIAN, DENGJI, SASAC, fold, number_key, parse_date, parse_number, region_slug
from .sources import DENGJI_HEADERS, HEADER_NAMES, SourceBatch, column_of, read_register_file

Code = ImportAnomaly.Code
KIND_LABELS = {BEIAN: "备案", DENGJI: "登记"}
TAGS = {"备案": BEIAN, "登记": DENGJI}
# What an organisation's name ends with (so a "service name" that does was swapped with it).
ORG_ENDINGS = (
    "公司", "集团", "研究院", "研究所", "大学", "学院", "医院", "工作室", "事务所", "中心", "银行",
    "实验室", "科学院", "报社", "电视台", "委员会", "管理局", "协会", "网络中心",
)  # fmt: skip
DRAFT_SLUG_PREFIX = "filer-"
COMPARED_FIELDS = (
    "batch_id", "kind", "number", "serial", "row", "service_name", "organisation",
    "organisation_key", "region", "province", "filed_on", "filed_on_printed",
    "late_registration", "source_tag", "extra",
)  # fmt: skip
PROVINCES = set(Province.values)


@dataclass
class ImportResult:
    run: ImportRun
    anomalies: list[ImportAnomaly] = field(default_factory=list)
    per_batch: dict[str, Counter] = field(default_factory=dict)


@dataclass
class _Row:
    batch: SourceBatch
    index: int  # 1-based position in the batch's rows
    section: str | None
    values: dict
    extra: dict


def _looks_like_org(text: str) -> bool:
    text = re.sub(r"[（(][^）)]*[）)]$", "", (text or "").strip())
    return text.endswith(ORG_ENDINGS)


def _kind_label(kind) -> str:
    return KIND_LABELS.get(kind, str(kind))


# -- the import -------------------------------------------------------------------------------


def filings_import(
    *,
    path: Path,
    by=None,
    by_label: str = "",
    period: str = "",
    announcement_url: str = "",
    attachment_url: str = "",
) -> ImportResult:
    """Import a register file: add new filings, update changed ones, report every anomaly.

    All or nothing; a file that cannot be read raises `RegisterFileError` and changes nothing.
    A second run of the same file changes no filing and creates no vendor.
    """
    source = read_register_file(
        path, period=period, announcement_url=announcement_url, attachment_url=attachment_url
    )
    if not by_label:
        by_label = by.get_username() if by is not None else f"cli:{getpass.getuser()}"
    with transaction.atomic(), paused():
        run = ImportRun.objects.create(
            source=str(path),
            file_format=source.file_format,
            checksum=source.checksum,
            by=by,
            by_label=by_label,
            rows=source.row_count,
        )
        importer = _Importer(run)
        importer.run_file(source.batches)
        run.finished = timezone.now()
        run.save()
        touched = list(Filing.objects.filter(pk__in=importer.touched_pks).select_related("vendor"))
        indexer.index_objects(Filing, touched)
        # Bulk writes send no signals: bring the list's facet bitmaps (and models' "has a
        # filing") up to date for the rows written.
        facets.update(Filing, importer.touched_pks)
        facets.update(AIModel, {f.ai_model_id for f in touched if f.ai_model_id})
    return ImportResult(run=run, anomalies=importer.anomalies, per_batch=importer.per_batch)


class _Importer:
    def __init__(self, run: ImportRun):
        self.run = run
        self.anomalies: list[ImportAnomaly] = []
        self.per_batch: dict[str, Counter] = {}
        self.touched_pks: set[int] = set()
        self.existing = {f.number_key: f for f in Filing.objects.select_related("batch")}
        self.slugs = set(Filing.objects.values_list("slug", flat=True))
        self.vendor_by_name = dict(VendorName.objects.values_list("key", "vendor_id"))
        self.model_by_number = {
            number_key(n): pk
            for pk, n in AIModel.objects.exclude(cac_filing_number="").values_list(
                "pk", "cac_filing_number"
            )
        }

    def report(self, row: _Row | None, code, decision, *, detail="", skipped=False, batch=None):
        values = row.values if row else {}
        self.anomalies.append(
            ImportAnomaly(
                run=self.run,
                batch=(row.batch if row else batch).period,
                row=row.index if row else None,
                serial=str(values.get("serial") or "")[:20],
                number=str(values.get("number") or "")[:200],
                code=code,
                detail=str(detail)[:500],
                decision=str(decision)[:300],
                skipped=skipped,
            )
        )

    # -- reading rows ----------------------------------------------------------------------

    def run_file(self, batches: list[SourceBatch]) -> None:
        rows: list[_Row] = []
        seen_numbers: dict[str, _Row] = {}
        for batch in batches:
            self.per_batch[batch.period] = Counter(rows=len(batch.rows))
            rows.extend(self.read_batch(batch))
        kept: list[_Row] = []
        for row in rows:
            key = row.values["key"]
            first = seen_numbers.get(key)
            if first is not None:
                self.report(
                    row,
                    Code.DUPLICATE,
                    _("Skipped: the first listing (batch %(batch)s, row %(row)s) is kept.")
                    % {"batch": first.batch.period, "row": first.index},
                    skipped=True,
                )
                self.per_batch[row.batch.period]["skipped"] += 1
                continue
            seen_numbers[key] = row
            known = self.existing.get(key)
            if known is not None and known.batch.period != row.batch.period:
                self.report(
                    row,
                    Code.RELISTED,
                    _("Skipped: kept the filing of batch %(batch)s.")
                    % {"batch": known.batch.period},
                    detail=known.number,
                    skipped=True,
                )
                self.per_batch[row.batch.period]["skipped"] += 1
                continue
            kept.append(row)
        self.check_serials(batches, kept)
        batch_objs = self.save_batches(batches)
        self.save_filings(kept, batch_objs)
        for batch in batches:
            tally = self.per_batch[batch.period]
            filings = tally["created"] + tally["updated"] + tally["unchanged"]
            if batch.stated_count is not None and batch.stated_count != filings:
                self.report(
                    None,
                    Code.COUNT_MISMATCH,
                    _("Counted the rows themselves: %(filings)s filings, %(skipped)s skipped.")
                    % {"filings": filings, "skipped": tally["skipped"]},
                    detail=_("The source states %(count)s rows.") % {"count": batch.stated_count},
                    batch=batch,
                )
        self.run.skipped = sum(t["skipped"] for t in self.per_batch.values())
        ImportAnomaly.objects.bulk_create(self.anomalies)

    def read_batch(self, batch: SourceBatch) -> list[_Row]:
        columns = {h: column_of(h) for h in batch.header}
        # The 登记 header variant declares its section; the 备案 variant heads mixed lists too.
        section = DENGJI if set(map(str, batch.header)) & DENGJI_HEADERS else None
        last_kind = None
        unknown = [h for h, c in columns.items() if c is None]
        for name in unknown:
            self.report(
                None,
                Code.EXTRA_COLUMN,
                _("Kept in each filing's other columns."),
                detail=name,
                batch=batch,
            )
        out = []
        for index, raw in enumerate(batch.rows, start=1):
            values, extra = {}, {}
            for key, value in raw.items():
                column = columns.get(key, column_of(key))
                if column is None:
                    extra[str(key)] = value
                    if key not in columns:  # a column only some rows have
                        columns[key] = None
                        self.report(
                            None,
                            Code.EXTRA_COLUMN,
                            _("Kept in each filing's other columns."),
                            detail=key,
                            batch=batch,
                        )
                else:
                    values[column] = value if hasattr(value, "year") else str(value or "").strip()
            row = _Row(batch, index, section or last_kind, values, extra)
            cells = {fold(str(v)) for v in values.values()}
            if len(cells & {fold(h) for h in HEADER_NAMES}) >= 3:
                # A header printed again inside the data: the 登记 section starts under it.
                if cells & {fold(h) for h in DENGJI_HEADERS}:
                    section = DENGJI
                self.report(
                    row,
                    Code.HEADER_ROW,
                    _("Skipped; the rows after it are read as %(kind)s.")
                    % {"kind": _kind_label(section or BEIAN)},
                    detail=" | ".join(str(v) for v in raw.values()),
                    skipped=True,
                )
                self.per_batch[batch.period]["skipped"] += 1
                continue
            if not values.get("number"):
                self.report(row, Code.MISSING, _("Skipped: a row without a number."), skipped=True)
                self.per_batch[batch.period]["skipped"] += 1
                continue
            self.judge(row)
            last_kind = row.values["kind"]
            out.append(row)
        return out

    def judge(self, row: _Row) -> None:
        """Decide the row's kind, names, region and date; report what is not as it should be."""
        v = row.values
        number = parse_number(v["number"])
        v["key"] = number.key
        tag = TAGS.get(v.get("tag", ""), "")
        kind = number.kind
        if number.problem == "truncated":
            kind = row.section or tag or BEIAN
            self.report(
                row,
                Code.TRUNCATED,
                _("Kept as printed; kind %(kind)s taken from its section of the batch.")
                % {"kind": _kind_label(kind)},
                detail=_("No date or serial after the name."),
            )
        elif number.problem == "malformed":
            self.report(
                row,
                Code.MALFORMED,
                _("Kept as printed."),
                detail=_("Date or serial of unexpected length: %(tail)s")
                % {"tail": number.printed.rsplit("-", 1)[-1]},
            )
        if tag and tag != kind:
            self.report(
                row,
                Code.KIND_MISMATCH,
                _("Kind %(kind)s, from the number (or its section when the number is cut).")
                % {"kind": _kind_label(kind)},
                detail=_("Tagged %(tag)s.") % {"tag": _kind_label(tag)},
            )
        v["kind"] = kind
        name, org = v.get("name", ""), v.get("organisation", "")
        if _looks_like_org(name) and not _looks_like_org(org):
            v["name"], v["organisation"] = org, name
            self.report(
                row,
                Code.SWAPPED,
                _("Swapped back: service “%(name)s”, organisation “%(org)s”.")
                % {"name": org, "org": name},
            )
        if not v.get("name") or not v.get("organisation"):
            self.report(row, Code.MISSING, _("Kept; the missing name stays empty."))
        printed_region = v.get("region", "")
        province = region_slug(printed_region)
        v["province"] = province
        if not province:
            self.report(
                row,
                Code.UNKNOWN_REGION,
                _("Province left empty; 属地 kept as printed."),
                detail=printed_region or _("(empty)"),
            )
        elif number.prefix and not number.regions:
            self.report(
                row,
                Code.UNKNOWN_REGION,
                _("属地 %(region)s kept.") % {"region": printed_region},
                detail=_("Unknown region prefix %(prefix)s.") % {"prefix": number.prefix},
            )
        elif number.prefix and province not in number.regions:
            self.report(
                row,
                Code.REGION_MISMATCH,
                _("属地 %(region)s kept as printed.") % {"region": printed_region},
                detail=_("The number says %(prefix)s.") % {"prefix": number.prefix},
            )
        printed_date = v.get("date", "")
        parsed = parse_date(printed_date)
        v["filed_on"], v["late"] = parsed.date, parsed.late
        v["date"] = printed_date.isoformat() if hasattr(printed_date, "year") else printed_date
        if parsed.date is None:
            self.report(
                row, Code.BAD_DATE, _("Date left empty."), detail=str(printed_date) or "(empty)"
            )
        elif parsed.mark:
            decision = (
                _("Read as %(date)s; marked as a late registration (补登).")
                if parsed.late
                else _("Read as %(date)s; the mark is kept in the printed date.")
            )
            self.report(
                row,
                Code.DATE_MARK,
                decision % {"date": parsed.date.isoformat()},
                detail=parsed.mark,
            )
        serial = str(v.get("serial", ""))
        v["serial_int"] = int(serial) if serial.isdigit() else None

    # -- serial numbers --------------------------------------------------------------------

    def check_serials(self, batches: list[SourceBatch], rows: list[_Row]) -> None:
        """Each section's 序号 runs on from the previous batch's: report gaps, repeats, order."""
        series: dict[tuple[str, str], list[_Row]] = defaultdict(list)
        for row in rows:
            if row.values["serial_int"] is not None:
                series[(row.batch.period, row.values["kind"])].append(row)
        bounds = {
            (period, kind): (low, high)
            for period, kind, low, high in Filing.objects.order_by()
            .values("batch__period", "kind")
            .annotate(low=Min("serial"), high=Max("serial"))
            .values_list("batch__period", "kind", "low", "high")
            if low is not None
        }
        for (period, section), members in series.items():
            serials = [r.values["serial_int"] for r in members]
            bounds[(period, section)] = (min(serials), max(serials))
        for (period, section), members in series.items():
            serials = [r.values["serial_int"] for r in members]
            highest = 0
            counts = Counter(serials)
            for row, serial in zip(members, serials, strict=True):
                if counts[serial] > 1:
                    self.report(row, Code.SERIAL_REPEAT, _("Kept; serials are not identifiers."))
                    counts[serial] = -1  # once per serial
                elif serial < highest:
                    self.report(
                        row,
                        Code.SERIAL_ORDER,
                        _("Kept in the order printed."),
                        detail=_("%(serial)s after %(highest)s")
                        % {"serial": serial, "highest": highest},
                    )
                highest = max(highest, serial)
            present = set(serials)
            missing = sorted(set(range(min(serials), max(serials) + 1)) - present)
            for gap in _runs(missing):
                self.report(
                    members[0],
                    Code.SERIAL_GAP,
                    _("Reported; no row is invented."),
                    detail=_("%(kind)s serials %(gap)s missing in the batch")
                    % {"kind": _kind_label(section), "gap": gap},
                )
            earlier = [p for (p, k) in bounds if k == section and p < period]
            if earlier:
                previous = max(earlier)
                expected = bounds[(previous, section)][1] + 1
                first = min(serials)
                if first != expected:
                    code = Code.SERIAL_REPEAT if first < expected else Code.SERIAL_GAP
                    self.report(
                        members[0],
                        code,
                        _("Reported; no row is invented or dropped."),
                        detail=_(
                            "%(kind)s serials start at %(first)s; batch %(previous)s ended at "
                            "%(last)s"
                        )
                        % {
                            "kind": _kind_label(section),
                            "first": first,
                            "previous": previous,
                            "last": expected - 1,
                        },
                    )

    # -- writing ---------------------------------------------------------------------------

    def save_batches(self, batches: list[SourceBatch]) -> dict[str, FilingBatch]:
        stored = {
            b.period: b for b in FilingBatch.objects.filter(period__in=[b.period for b in batches])
        }
        for batch in batches:
            values = {
                "title": batch.title[:200],
                "announcement_url": batch.announcement_url[:500],
                "attachment_url": batch.attachment_url[:1000],
                "stated_count": batch.stated_count,
            }
            obj = stored.get(batch.period)
            if obj is None:
                stored[batch.period] = FilingBatch.objects.create(period=batch.period, **values)
                continue
            # A CSV/XLSX knows no title or URLs: keep what the batch has.
            values = {k: v for k, v in values.items() if v not in ("", None)}
            changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
            if changed:
                self.run.changes.append(
                    {
                        "batch": batch.period,
                        "fields": {k: [getattr(obj, k), v] for k, v in changed.items()},
                    }
                )
                for k, v in changed.items():
                    setattr(obj, k, v)
                obj.save()
        return stored

    def save_filings(self, rows: list[_Row], batches: dict[str, FilingBatch]) -> None:
        new, changed = [], []
        for row in rows:
            v = row.values
            org_key = name_key(v.get("organisation", ""))
            target = {
                "batch_id": batches[row.batch.period].pk,
                "kind": v["kind"],
                "number": v["number"][:200],
                "serial": v["serial_int"],
                "row": row.index,
                "service_name": v.get("name", "")[:300],
                "organisation": v.get("organisation", "")[:300],
                "organisation_key": org_key[:300],
                "region": v.get("region", "")[:40],
                "province": v["province"],
                "filed_on": v["filed_on"],
                "filed_on_printed": str(v.get("date", ""))[:60],
                "late_registration": v["late"],
                "source_tag": v.get("tag", "")[:8],
                "extra": row.extra,
            }
            tally = self.per_batch[row.batch.period]
            filing = self.existing.get(v["key"])
            if filing is None:
                filing = Filing(number_key=v["key"], slug=self.unique_slug(v["key"]), **target)
                new.append(filing)
                tally["created"] += 1
                continue
            diff = {
                k: (getattr(filing, k), t) for k, t in target.items() if getattr(filing, k) != t
            }
            if diff:
                for k, (_old, t) in diff.items():
                    setattr(filing, k, t)
                changed.append(filing)
                tally["updated"] += 1
                self.run.changes.append(
                    {
                        "batch": row.batch.period,
                        "row": row.index,
                        "number": filing.number,
                        "fields": {
                            k.removesuffix("_id"): [_plain(old), _plain(t)]
                            for k, (old, t) in diff.items()
                        },
                    }
                )
            else:
                tally["unchanged"] += 1
        self.link(new + list(self.existing.values()))
        now = timezone.now()
        for filing in changed:
            filing.updated = now
        Filing.objects.bulk_create(new, batch_size=500)
        relinked = [f for f in self.existing.values() if getattr(f, "_relinked", False)]
        update_fields = [
            *(f.removesuffix("_id") for f in COMPARED_FIELDS),
            "vendor",
            "ai_model",
            "updated",
        ]
        for filing in relinked:
            filing.updated = now
        Filing.objects.bulk_update(
            {f.pk: f for f in changed + relinked}.values(), update_fields, batch_size=500
        )
        self.run.created = len(new)
        self.run.updated = len(changed)
        self.run.unchanged = sum(t["unchanged"] for t in self.per_batch.values())
        self.touched_pks = {f.pk for f in new + changed + relinked}

    def unique_slug(self, key: str) -> str:
        base = slugify(key)[:190] or "filing"
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def link(self, filings: list[Filing]) -> None:
        """Vendors by the organisation's legal name or alias (a draft vendor when none matches);
        models by their recorded filing number. Links editors made are never replaced."""
        missing: dict[str, Filing] = {}
        for filing in filings:
            if filing.vendor_id is None:
                vendor_id = self.vendor_by_name.get(filing.organisation_key)
                if vendor_id is None and filing.organisation_key:
                    missing.setdefault(filing.organisation_key, filing)
            if filing.ai_model_id is None and filing.number_key in self.model_by_number:
                filing.ai_model_id = self.model_by_number[filing.number_key]
                filing._relinked = True
        self.run.vendors_created = len(self.create_draft_vendors(missing))
        linked = 0
        for filing in filings:
            if filing.vendor_id is None:
                filing.vendor_id = self.vendor_by_name.get(filing.organisation_key)
                if filing.vendor_id is not None:
                    filing._relinked = True
                    linked += 1
        self.run.linked = linked

    def create_draft_vendors(self, missing: dict[str, Filing]) -> list[Vendor]:
        slugs = {
            key: DRAFT_SLUG_PREFIX + hashlib.sha1(key.encode()).hexdigest()[:10] for key in missing
        }
        reused = dict(Vendor.objects.filter(slug__in=slugs.values()).values_list("slug", "pk"))
        vendors, names = [], []
        for key, filing in missing.items():
            slug = slugs[key]
            if slug not in reused:
                vendors.append(
                    Vendor(
                        slug=slug,
                        name_zh=filing.organisation[:120],
                        kind=_guess_kind(filing),
                        province=filing.province if filing.province in PROVINCES else "",
                        status="draft",
                        review_comment=_(
                            "Created by the CAC register import for the organisation of filing "
                            "%(number)s. The kind is a guess from the name: check it."
                        )
                        % {"number": filing.number},
                    )
                )
        created = bulk_create_with_history(
            fill_name_sort(vendors), Vendor, default_change_reason="register import"
        )
        by_slug = {
            **reused,
            **{v.slug: v.pk for v in Vendor.objects.filter(slug__in=[v.slug for v in vendors])},
        }
        for key, filing in missing.items():
            vendor_id = by_slug[slugs[key]]
            names.append(
                VendorName(vendor_id=vendor_id, name=filing.organisation[:200], key=key[:200])
            )
            self.vendor_by_name[key] = vendor_id
        bulk_create_with_history(names, VendorName, default_change_reason="register import")
        return created


def _runs(numbers: list[int]) -> list[str]:
    """[3, 4, 5, 9] → ["3–5", "9"]."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return [f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _guess_kind(filing: Filing) -> str:
    name = filing.organisation
    if filing.province == SASAC or (name.startswith("中国") and "集团" in name):
        return Vendor.Kind.SOE
    if any(word in name for word in ("研究院", "研究所", "大学", "学院", "实验室", "科学院")):
        return Vendor.Kind.RESEARCH
    return Vendor.Kind.ISV


# -- the run's report -------------------------------------------------------------------------

REPORT_COLUMNS = ("batch", "row", "serial", "number", "anomaly", "detail", "decision", "skipped")


def import_run_report_rows(*, run: ImportRun) -> list[list[str]]:
    rows = [list(REPORT_COLUMNS)]
    for a in run.anomalies.all():
        rows.append(
            [
                a.batch,
                "" if a.row is None else str(a.row),
                a.serial,
                a.number,
                a.code,
                a.detail,
                a.decision,
                "yes" if a.skipped else "no",
            ]
        )
    for change in run.changes:
        rows.append(
            [
                change.get("batch", ""),
                str(change.get("row", "")),
                "",
                change.get("number", ""),
                "changed",
                "; ".join(f"{k}: {old!r} → {new!r}" for k, (old, new) in change["fields"].items()),
                _("Updated to the file's value."),
                "no",
            ]
        )
    return rows


def import_run_report_csv(*, run: ImportRun) -> str:
    out = io.StringIO()
    spreadsheet.writer(out).writerows(import_run_report_rows(run=run))
    return out.getvalue()


# -- editors' links ---------------------------------------------------------------------------


@transaction.atomic
def filing_link(
    *, filing: Filing, vendor: Vendor | None = None, ai_model: AIModel | None = None, by=None
) -> Filing:
    """Link a filing to a vendor and/or model. A vendor link is for the organisation: its legal
    name moves to that vendor, so all its filings (and future ones) follow; a draft vendor the
    import made for it and left with nothing is deleted."""
    if ai_model is not None:
        filing.ai_model = ai_model
        if vendor is None and filing.vendor_id != ai_model.vendor_id:
            vendor = ai_model.vendor
    if vendor is not None and filing.vendor_id != vendor.pk:
        previous = filing.vendor
        VendorName.objects.update_or_create(
            key=filing.organisation_key,
            defaults={
                "vendor": vendor,
                "name": filing.organisation[:200],
                "kind": VendorName.Kind.LEGAL,
            },
        )
        same_org = Filing.objects.filter(organisation_key=filing.organisation_key).exclude(
            pk=filing.pk
        )
        pks = list(same_org.values_list("pk", flat=True))
        same_org.update(vendor=vendor, updated=timezone.now())
        filing.vendor = vendor
        if pks:
            indexer.reindex_pks(Filing, pks)
            facets.update(Filing, pks)
        if (
            previous is not None
            and previous.slug.startswith(DRAFT_SLUG_PREFIX)
            and previous.status == "draft"
            and not previous.filings.exclude(pk=filing.pk).exists()
            and not previous.ai_models.exists()
            and not previous.products.exists()
        ):
            filing.save()
            previous.delete()
    filing.save()
    indexer.reindex_pks(Filing, [filing.pk])
    return filing


def filings_link_vendor_names(*, vendor: Vendor) -> int:
    """After an editor gives a vendor legal names: link the filings of those organisations."""
    keys = list(vendor.names.values_list("key", flat=True))
    found = Filing.objects.filter(organisation_key__in=keys).exclude(vendor=vendor)
    pks = list(found.values_list("pk", flat=True))
    if pks:
        Filing.objects.filter(pk__in=pks).update(vendor=vendor, updated=timezone.now())
        indexer.reindex_pks(Filing, pks)
        facets.update(Filing, pks)
    return len(pks)

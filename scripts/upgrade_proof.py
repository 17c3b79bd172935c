"""The upgrade proof: an installation of an older release migrates forward with every row, file
and audit-history entry where it was (issue #10 item 4).

    .venv/bin/python scripts/upgrade_proof.py [--ref 41f49c1] [--keep] [--sample 20]

1. `git worktree add --detach` of the old release (default BASE, 41f49c1) in a temporary folder;
   the working tree of this checkout is never touched.
2. In it, with this Python, a fresh database (a SQLite file in the temporary folder; or, when
   DATABASE_URL names PostgreSQL, a database `papi_upgrade_proof_<pid>` on that server, dropped at
   the end) and a temporary MEDIA_ROOT: `migrate`, `load_demo`, then `upgrade_proof_seed.py`,
   which adds through the old code's services what the demo lacks (a reporting round with a
   submission handed in, reminders sent for a fixed day, notifications, two evidence files,
   granted permissions, a security event, a failed sign-in).
3. A manifest, read with plain SQL (no models, so it does not depend on either release's code):
   every table's columns, row count and a hash of every row, the first and last rows by primary
   key in full, and every media file with its SHA-256.
4. This checkout's `migrate` on the same database and media, and the same manifest again.
5. The comparison: every old table is found again, under its own name or, for a model moved to
   another app, under the table that appeared with the same model name and columns (the mapping
   is derived and printed); the same rows with the same values in every old column; every file
   with the same hash and every file column pointing at a file; the content types of moved models
   under their new app label with their old ids (so permissions and admin log entries stay
   attached), and every old content type resolving to a model of the new code. Then `check` and
   `makemigrations --check` under the new code.

Prints a short report; exits 0 when nothing differs, 1 on any difference, 2 when a step could not
run, 3 when the old release is not in the git history (a shallow clone).
"""

import argparse
import datetime
import decimal
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).resolve().parent / "upgrade_proof_seed.py"
BASE_REF = "41f49c1"
# Tables that a migration may legitimately add rows to: every old row must still be there, unchanged
# (the app label of a moved model's content type excepted), and new rows are listed.
GROWING = {"django_migrations", "django_content_type", "auth_permission", "auth_group_permissions"}
# Small tables the comparison reads whole (every row in full in the manifest, not a sample).
FULL = {"django_migrations", "django_content_type", "auth_permission"}
FILE_COLUMNS = {"file", "source_file"}
AUDIT_TABLES = ("axes_", "django_content_type", "auth_permission", "accounts_securityevent", "django_admin_log")


class StepFailed(Exception):
    """A command of the proof could not run; the message says which, with its output."""


# --- Databases, read with plain SQL ----------------------------------------------------------


def _normalise(value):
    """A JSON value that reads the same whichever release wrote it."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return "hex:" + bytes(value).hex()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict | list):  # PostgreSQL's json/jsonb arrive parsed
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return repr(value)


def _row_hash(values):
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()[:20]


class Database:
    """A connection with just what the manifest needs, for SQLite and PostgreSQL."""

    def __init__(self, url):
        self.url = url
        parts = urlsplit(url)
        if parts.scheme.startswith("postgres"):
            import psycopg2

            self.vendor = "postgresql"
            self.conn = psycopg2.connect(url.replace("postgis://", "postgres://", 1))
            self.conn.set_session(readonly=True, autocommit=True)
        else:
            self.vendor = "sqlite"
            # sqlite:////abs/path (django-environ's spelling of an absolute path)
            self.conn = sqlite3.connect(f"file:{url.removeprefix('sqlite:///')}?mode=ro", uri=True)

    def close(self):
        self.conn.close()

    def query(self, sql, params=()):
        cursor = self.conn.cursor()
        try:
            cursor.execute(sql, params)
            return cursor.fetchall()
        finally:
            cursor.close()

    def tables(self):
        if self.vendor == "sqlite":
            rows = self.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            )
        else:
            rows = self.query(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        return sorted(r[0] for r in rows)

    def columns(self, table):
        """[column], in the table's order, and the primary key's columns."""
        if self.vendor == "sqlite":
            info = self.query(f'PRAGMA table_info("{table}")')
            columns = [r[1] for r in info]
            pk = [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
        else:
            columns = [
                r[0]
                for r in self.query(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
                    (table,),
                )
            ]
            pk = [
                r[0]
                for r in self.query(
                    "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                    "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                    "WHERE i.indrelid = %s::regclass AND i.indisprimary "
                    "ORDER BY array_position(i.indkey::int2[], a.attnum)",
                    (f'"{table}"',),
                )
            ]
        return columns, pk or list(columns)

    def rows(self, table, columns, order):
        """Every row as a list of normalised values of `columns`, ordered by `order`."""
        select = ", ".join(f'"{c}"' for c in columns)
        order_by = ", ".join(f'"{c}"' for c in order)
        return [
            [_normalise(v) for v in row]
            for row in self.query(f'SELECT {select} FROM "{table}" ORDER BY {order_by}')  # noqa: S608
        ]


def _show(key):
    """A row's key for people: "29" rather than "[29]"."""
    values = json.loads(key)
    return str(values[0]) if len(values) == 1 else key


def _rows_by_key(db, table, columns, pk):
    """{primary key as JSON text: {column: value}} of every row, reading only `columns`."""
    read = list(dict.fromkeys([*pk, *columns]))
    out = {}
    for values in db.rows(table, read, pk):
        record = dict(zip(read, values, strict=True))
        out[json.dumps([record[c] for c in pk], ensure_ascii=False)] = {c: record[c] for c in columns}
    return out


def manifest(url, media_root, sample):
    """What is in the database and the media folder, independent of any release's models."""
    db = Database(url)
    try:
        tables = {}
        for table in db.tables():
            columns, pk = db.columns(table)
            rows = _rows_by_key(db, table, columns, pk)
            keys = list(rows)
            full = table in FULL or len(keys) <= 2 * sample
            picked = keys if full else keys[:sample] + keys[-sample:]
            tables[table] = {
                "columns": columns,
                "pk": pk,
                "count": len(rows),
                "row_hashes": {k: _row_hash([r[c] for c in sorted(columns)]) for k, r in rows.items()},
                "sample": {k: rows[k] for k in picked},
            }
    finally:
        db.close()
    files = {}
    media_root = Path(media_root)
    for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
        files[path.relative_to(media_root).as_posix()] = {
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "size": path.stat().st_size,
        }
    return {"vendor": db.vendor, "tables": tables, "files": files}


# --- The comparison ----------------------------------------------------------------------------


def _model_part(table, labels):
    """The part of a table's name after its app label ("tasks_notification" → "notification")."""
    for label in sorted(labels, key=len, reverse=True):
        if table.startswith(label + "_"):
            return label, table[len(label) + 1 :]
    return None, table


def table_mapping(old, new):
    """{old table: new table} for tables that disappeared and reappeared under another app label:
    the same model name after the label, and every old column present. Unmatched ones are kept
    out (the comparison reports them)."""
    labels = _all_app_labels(old) | _all_app_labels(new)
    gone = [t for t in old["tables"] if t not in new["tables"]]
    appeared = [t for t in new["tables"] if t not in old["tables"]]
    mapping = {}
    for table in gone:
        _label, model = _model_part(table, labels)
        columns = set(old["tables"][table]["columns"])
        candidates = [
            t
            for t in appeared
            if t not in mapping.values()
            and _model_part(t, labels)[1] == model
            and columns <= set(new["tables"][t]["columns"])
        ]
        if not candidates:  # a table renamed outright: the same columns, and only one such
            candidates = [
                t for t in appeared if t not in mapping.values() and set(new["tables"][t]["columns"]) == columns
            ]
        if len(candidates) == 1:
            mapping[table] = candidates[0]
    return mapping


def _all_app_labels(m):
    """Every app label of a manifest's content types (kept in full, see FULL)."""
    content_types = m["tables"].get("django_content_type", {})
    return {r["app_label"] for r in content_types.get("sample", {}).values()}


def compare(old, new, new_url, media_root, mapping):
    """[(problem)] and [(note)]: what differs between the old and the new manifest."""
    problems, notes = [], []
    db = Database(new_url)
    try:
        for table, before in old["tables"].items():
            target = mapping.get(table, table)
            after = new["tables"].get(target)
            if after is None:
                if before["count"]:
                    problems.append(f"{table}: the table is gone with its {before['count']} rows")
                else:
                    notes.append(f"{table}: an empty table was dropped")
                continue
            missing_columns = [c for c in before["columns"] if c not in after["columns"]]
            if missing_columns:
                problems.append(f"{target}: columns {', '.join(missing_columns)} of {table} are gone")
                continue
            added = [c for c in after["columns"] if c not in before["columns"]]
            if added:
                notes.append(f"{target}: new columns {', '.join(added)}")
            if before["pk"] != after["pk"]:
                problems.append(f"{target}: primary key {after['pk']} instead of {before['pk']}")
                continue
            # Every row again, read over the old columns only.
            rows = _rows_by_key(db, target, before["columns"], before["pk"])
            hashes = {k: _row_hash([r[c] for c in sorted(before["columns"])]) for k, r in rows.items()}
            lost = [k for k in before["row_hashes"] if k not in hashes]
            changed = [k for k, h in before["row_hashes"].items() if k in hashes and hashes[k] != h]
            extra = [k for k in hashes if k not in before["row_hashes"]]
            if table == "django_content_type":
                changed = _content_type_changes(before, rows, changed, mapping, problems, notes)
            name = table if target == table else f"{table} → {target}"
            if lost:
                problems.append(f"{name}: {len(lost)} rows lost, e.g. pk {', '.join(map(_show, lost[:5]))}")
            for key in changed[:5]:
                was = before["sample"].get(key)
                now = rows[key]
                if was is None:
                    problems.append(f"{name}: row pk {_show(key)} changed (not in the sample: no field detail)")
                else:
                    diff = {c: (was[c], now[c]) for c in before["columns"] if was[c] != now[c]}
                    problems.append(f"{name}: row pk {_show(key)} changed: {diff}")
            if len(changed) > 5:
                problems.append(f"{name}: {len(changed) - 5} more rows changed")
            if extra:
                message = f"{name}: {len(extra)} new rows ({before['count']} → {len(hashes)})"
                (notes if table in GROWING else problems).append(message)
            # The sample field by field (the hashes already cover it; this names the field).
            for key, was in before["sample"].items():
                if key in rows and key not in changed and table != "django_content_type":
                    diff = {c: (was[c], rows[key][c]) for c in before["columns"] if was[c] != rows[key][c]}
                    if diff:
                        problems.append(f"{name}: sampled row pk {_show(key)} differs: {diff}")
        _check_files(old, new, db, media_root, problems, notes)
    finally:
        db.close()
    return problems, notes


def _content_type_changes(before, rows, changed, mapping, problems, notes):
    """A content type may change its app label, and only for a model whose tables moved: the rest
    of `changed` is returned. A moved model's tables imply a moved content type, same id."""
    remaining = []
    for key in changed:
        was, now = before["sample"][key], rows[key]
        if was["model"] == now["model"] and was["app_label"] != now["app_label"]:
            notes.append(
                f"content type {_show(key)}: {was['app_label']}.{was['model']} → {now['app_label']}.{now['model']}"
            )
        else:
            remaining.append(key)
    labels = {(r["app_label"], r["model"]): k for k, r in before["sample"].items()}
    for old_table, new_table in mapping.items():
        for (label, model), key in labels.items():
            if old_table == f"{label}_{model}" and new_table.endswith("_" + model):
                new_label = new_table[: -len(model) - 1]
                if key not in rows or (rows[key]["app_label"], rows[key]["model"]) != (new_label, model):
                    problems.append(
                        f"content type {label}.{model} (id {_show(key)}) is not {new_label}.{model} with the same id: "
                        "permissions and admin log entries of the moved model would point at a stale type"
                    )
    return remaining


def _check_files(old, new, db, media_root, problems, notes):
    for path, info in old["files"].items():
        now = new["files"].get(path)
        if now is None:
            problems.append(f"media file {path} is gone")
        elif now["sha256"] != info["sha256"]:
            problems.append(f"media file {path} changed (sha256 {info['sha256'][:12]} → {now['sha256'][:12]})")
    for table, info in new["tables"].items():
        if "historical" in table:
            continue
        for column in FILE_COLUMNS & set(info["columns"]):
            paths = [r[0] for r in db.rows(table, [column], info["pk"]) if r[0]]
            missing = [p for p in paths if not (Path(media_root) / p).is_file()]
            if missing:
                problems.append(
                    f"{table}.{column}: {len(missing)} of {len(paths)} paths lead to no file: {missing[:3]}"
                )
            elif paths:
                notes.append(f"{table}.{column}: all {len(paths)} paths lead to their files")


# --- Running the two releases ------------------------------------------------------------------


def run(args, *, cwd, env, label, timeout=600):
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    took = time.monotonic() - started
    if result.returncode != 0:
        raise StepFailed(
            f"{label} failed (exit {result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    print(f"  {label}: ok ({took:.1f} s)")
    return result.stdout


def git(*args, check=True):
    return subprocess.run(  # noqa: S603
        [shutil.which("git") or "git", "-C", str(ROOT), *args], capture_output=True, text=True, check=check
    )


def fresh_database(tmp):
    """(url, drop): a new empty database, on the PostgreSQL server DATABASE_URL names if it does."""
    url = os.environ.get("DATABASE_URL", "")
    if not urlsplit(url).scheme.startswith("postgres"):
        return f"sqlite:///{tmp / 'papi.sqlite3'}", lambda: None
    import psycopg2

    name = f"papi_upgrade_proof_{os.getpid()}"
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    version = conn.server_version
    conn.close()

    def drop():
        conn = psycopg2.connect(admin_url)
        conn.autocommit = True
        with conn.cursor() as cursor:
            force = " WITH (FORCE)" if version >= 130000 else ""
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"{force}')
        conn.close()

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def environment(database_url, media_root, pythonpath=None):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "PYTHONPATH", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            # Development settings: no secrets needed, Celery on the embedded broker of the checkout.
            "DJANGO_SETTINGS_MODULE": "papi_portal.settings.dev",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media_root),
            "EMAIL_URL": "memorymail://",
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    return env


PERMISSION_CHECK = """
import json
from django.contrib.contenttypes.models import ContentType
old = json.loads(PAYLOAD)
stale = [ct.pk for ct in ContentType.objects.filter(pk__in=old["content_types"]) if ct.model_class() is None]
from django.contrib.auth import get_user_model
User = get_user_model()
refused = []
for user_id, permission in old["grants"]:
    user = User.objects.get(pk=user_id)
    if user.is_active and not user.has_perm(permission):
        refused.append([user_id, permission])
print(json.dumps({"stale": stale, "refused": refused}))
"""


def new_code_checks(old, new, mapping, env, problems, notes):
    """Under the new code: every old content type names a model, and each person's granted
    permissions (directly or through a group) on the old content types still hold."""
    cts = {json.loads(k)[0]: r for k, r in new["tables"]["django_content_type"]["sample"].items()}
    perms = {json.loads(k)[0]: r for k, r in new["tables"]["auth_permission"]["sample"].items()}
    grants = []
    user_table = next((t for t in new["tables"] if t.endswith("_user_user_permissions")), None)
    group_table = next((t for t in new["tables"] if t.endswith("_user_groups")), None)
    db = Database(env["DATABASE_URL"])
    try:
        rows = []
        if user_table:
            rows += db.query(f'SELECT user_id, permission_id FROM "{user_table}"')  # noqa: S608
        if group_table:
            rows += db.query(
                f'SELECT g.user_id, p.permission_id FROM "{group_table}" g '  # noqa: S608
                'JOIN "auth_group_permissions" p ON p.group_id = g.group_id'
            )
    finally:
        db.close()
    for user_id, permission_id in rows:
        perm = perms.get(permission_id)
        if perm is None:  # the sample holds every row of these small tables
            continue
        ct = cts.get(perm["content_type_id"])
        if ct:
            grants.append([user_id, f"{ct['app_label']}.{perm['codename']}"])
    old_ids = [json.loads(k)[0] for k in old["tables"]["django_content_type"]["row_hashes"]]
    payload = json.dumps({"content_types": old_ids, "grants": grants})
    code = f"PAYLOAD = {payload!r}\n" + PERMISSION_CHECK
    out = run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, label="new code: permissions")
    result = json.loads(out.strip().splitlines()[-1])
    if result["stale"]:
        problems.append(
            f"content types {result['stale']} name no model of the new code (stale: their permissions hang)"
        )
    if result["refused"]:
        problems.append(f"granted permissions no longer held under the new code: {result['refused'][:5]}")
    notes.append(f"{len(grants)} granted permissions (direct and through groups) hold under the new code")


# --- The report --------------------------------------------------------------------------------


def summary(old, new, mapping):
    lines = []
    tables = old["tables"]
    history = [t for t in tables if "_historical" in t]
    lines.append(
        f"  tables: {len(tables)} before, {len(new['tables'])} after; rows before: "
        f"{sum(t['count'] for t in tables.values())}, after: {sum(t['count'] for t in new['tables'].values())}"
    )
    lines.append(
        f"  audit history (simple_history): {len(history)} tables, "
        f"{sum(tables[t]['count'] for t in history)} rows before, "
        f"{sum(new['tables'][mapping.get(t, t)]['count'] for t in history if mapping.get(t, t) in new['tables'])} after"
    )
    for t in history:
        after = new["tables"].get(mapping.get(t, t), {}).get("count", "gone")
        lines.append(f"    {t:<44} {tables[t]['count']:>6} → {after}")
    for t in sorted(tables):
        if t.startswith(AUDIT_TABLES):
            after = new["tables"].get(mapping.get(t, t), {}).get("count", "gone")
            lines.append(f"    {t:<44} {tables[t]['count']:>6} → {after}")
    lines.append(f"  media files: {len(old['files'])} before, {len(new['files'])} after")
    return lines


def _upgrade(worktree, tmp, database_url, media_root, sample):
    """Steps 2 to 5 of the module docstring; returns (old manifest, new manifest, mapping, problems, notes)."""
    old_env = environment(database_url, media_root, pythonpath=worktree)
    manage_old = [sys.executable, str(worktree / "manage.py")]
    run([*manage_old, "migrate", "--noinput"], cwd=worktree, env=old_env, label="old code: migrate")
    run([*manage_old, "load_demo"], cwd=worktree, env=old_env, label="old code: load_demo")
    out = run([sys.executable, str(SEED)], cwd=worktree, env=old_env, label="old code: seed")
    print("   ", out.strip().splitlines()[-1] if out.strip() else "")
    before = manifest(database_url, media_root, sample)
    (tmp / "manifest-old.json").write_text(json.dumps(before, ensure_ascii=False, indent=1))

    new_env = environment(database_url, media_root)
    out = run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=new_env, label="new code: migrate")
    applied = [line.strip() for line in out.splitlines() if line.strip().startswith("Applying")]
    for line in applied:
        print(f"    {line}")
    after = manifest(database_url, media_root, sample)
    (tmp / "manifest-new.json").write_text(json.dumps(after, ensure_ascii=False, indent=1))
    mapping = table_mapping(before, after)
    print("  moved tables:" + ("" if mapping else " none"))
    for old_table, new_table in sorted(mapping.items()):
        print(f"    {old_table} → {new_table}")
    problems, notes = compare(before, after, database_url, media_root, mapping)
    new_code_checks(before, after, mapping, new_env, problems, notes)
    for label, command in (
        ("new code: check", ["check"]),
        ("new code: makemigrations --check", ["makemigrations", "--check", "--dry-run"]),
    ):
        try:
            run([sys.executable, "manage.py", *command], cwd=ROOT, env=new_env, label=label)
        except StepFailed as exc:
            problems.append(str(exc))
    return before, after, mapping, problems, notes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default=BASE_REF, help=f"the old release to upgrade from (default {BASE_REF})")
    parser.add_argument("--sample", type=int, default=20, help="rows kept in full at each end of a table")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (manifests, database)")
    args = parser.parse_args(argv)

    commit = git("rev-parse", "--verify", "--quiet", f"{args.ref}^{{commit}}", check=False)
    if commit.returncode != 0:
        print(f"upgrade proof: {args.ref} is not in this clone's history (a shallow clone?)", file=sys.stderr)
        return 3
    commit = commit.stdout.strip()

    tmp = Path(tempfile.mkdtemp(prefix="papi-upgrade-proof-"))
    worktree, media_root = tmp / "old", tmp / "media"
    media_root.mkdir()
    drop = lambda: None  # noqa: E731
    started = time.monotonic()
    try:
        print(f"upgrade proof: {args.ref} ({commit[:10]}) → this checkout ({ROOT})")
        added = git("worktree", "add", "--detach", str(worktree), commit, check=False)
        if added.returncode != 0:
            raise StepFailed(f"git worktree add failed: {added.stderr.strip()}")
        database_url, drop = fresh_database(tmp)
        print(f"  database: {database_url}; media: {media_root}")
        before, after, mapping, problems, notes = _upgrade(worktree, tmp, database_url, media_root, args.sample)
        print("\n".join(summary(before, after, mapping)))
        for note in notes:
            print(f"  note: {note}")
        if args.keep:
            print(f"  kept: {tmp}")
        took = time.monotonic() - started
        if problems:
            print(f"UPGRADE PROOF FAILED ({len(problems)} differences, {took:.0f} s):")
            for problem in problems:
                print(f"  - {problem}")
            return 1
        unchanged = sum(t["count"] for t in before["tables"].values())
        tables, files = len(before["tables"]), len(before["files"])
        print(f"UPGRADE PROOF PASSED ({took:.0f} s): {unchanged} rows in {tables} tables and {files} files unchanged")
        return 0
    except StepFailed as exc:
        print(f"UPGRADE PROOF COULD NOT RUN: {exc}", file=sys.stderr)
        return 2
    finally:
        git("worktree", "remove", "--force", str(worktree), check=False)
        git("worktree", "prune", check=False)
        try:
            drop()
        finally:
            if not args.keep:
                shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

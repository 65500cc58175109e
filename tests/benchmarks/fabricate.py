"""Plausible records of every kind for the scale benchmark, from a seeded random generator.

Each maker returns a record's data (a dict in field order) for the record with index `i` of its
kind. Time runs with the index: record 0 of a kind is the oldest, so older records are closed
and only the newest few are still open, like in a real repository. References point at records
that exist, and within one kind only backwards (lower indexes), so the CMDB graph has no cycles.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

# Everything that has happened lies in these two years, before the machine's "now".
EPOCH = datetime(2024, 11, 1, tzinfo=UTC)
SPAN = timedelta(days=730)
# Open changes are planned one after another from here, so no two planned windows overlap.
FUTURE = datetime(2027, 1, 4, 20, 0, tzinfo=UTC)

PEOPLE = ["Lena Vogt", "Priya Raman", "Miguel Santos", "Ahmed Haddad", "Chen Wei", "Sofia Lindqvist",
          "Jonas Weber", "Dana Okafor", "Marta Nowak", "Tomas Berg", "Aiko Tanaka", "Ravi Kumar"]
GROUPS = ["service-desk", "sre", "dba", "network", "app-portal", "app-orders", "security", "platform"]
WORDS = ["latency", "timeout", "certificate", "disk", "queue", "replica", "gateway", "scanner", "login", "batch", "export", "invoice", "mailbox", "printer", "vpn", "cache", "index", "backup", "firewall", "dns", "pool", "broker", "cluster", "api", "webhook"]
TAGS = ["database", "network", "web", "api", "security", "storage", "capacity", "vendor", "monitoring", "customer", "batch", "kafka", "linux", "windows", "cloud", "backup"]
CLASSES = ["server", "virtual_machine", "database", "network", "storage", "application",
           "container_platform", "saas", "load_balancer"]


@dataclass(frozen=True)
class Population:
    """How many records of each kind exist, so references can be drawn among them."""

    counts: dict[str, int]

    def id(self, kind: str, index: int) -> str:
        return f"{PREFIX[kind]}-{index + 1:04d}"

    def pick(self, rng: random.Random, kind: str, below: int | None = None) -> str | None:
        count = self.counts.get(kind, 0) if below is None else min(below, self.counts.get(kind, 0))
        return self.id(kind, rng.randrange(count)) if count > 0 else None

    def sample(self, rng: random.Random, kind: str, most: int, below: int | None = None) -> list[str]:
        count = self.counts.get(kind, 0) if below is None else min(below, self.counts.get(kind, 0))
        return [self.id(kind, i) for i in sorted(rng.sample(range(count), min(count, rng.randint(1, most))))] \
            if count > 0 else []

    def moment(self, kind: str, index: int, rng: random.Random) -> datetime:
        """When the record began: spread evenly over the span by index, to the minute."""
        share = (index + rng.random()) / max(1, self.counts[kind])
        return (EPOCH + SPAN * share).replace(second=0, microsecond=0)

    def age(self, kind: str, index: int) -> float:
        """0 for the oldest record of the kind, 1 for the newest."""
        return index / max(1, self.counts[kind] - 1)


PREFIX = {"service": "SVC", "asset": "AST", "incident": "INC", "problem": "PRB", "change": "CHG",
          "release": "REL", "sla": "SLA", "maintenance": "MW", "project": "PRJ",
          "improvement": "IMP", "request": "REQ", "kb": "KB"}


def stamp(moment: datetime) -> str:
    offset = timezone(timedelta(hours=1 if moment.month in (11, 12, 1, 2, 3) else 2))
    return moment.astimezone(offset).isoformat(timespec="seconds")


def day(moment: datetime) -> str:
    return moment.date().isoformat()


def sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int = 3) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences)) + "\n"


def common(pop: Population, kind: str, i: int, rng: random.Random, title: str, status: str) -> dict:
    return {"id": pop.id(kind, i), "title": title, "status": status,
            "description": paragraph(rng, rng.randint(2, 4)), "owner": rng.choice(PEOPLE),
            "tags": sorted(rng.sample(TAGS, rng.randint(1, 3)))}


def service(pop: Population, i: int, rng: random.Random) -> dict:
    data = common(pop, "service", i, rng, f"{rng.choice(WORDS).title()} service {i + 1}",
                  "pipeline" if pop.age("service", i) > 0.97 else "live")
    data.update(type=rng.choice(["business", "technical", "application"]), category="Operations",
                criticality=rng.choice(["low", "medium", "high", "critical"]),
                support_group=rng.choice(GROUPS), service_hours="24x7")
    if i > 0:
        data["depends_on"] = pop.sample(rng, "service", 2, below=i)
    data["customer_facing"] = rng.random() < 0.3
    data["users"] = rng.randint(10, 5000)
    return data


def asset(pop: Population, i: int, rng: random.Random) -> dict:
    data = common(pop, "asset", i, rng, f"{rng.choice(WORDS)}-{i + 1:04d}",
                  rng.choices(["operational", "in_maintenance", "retired"], [90, 5, 5])[0])
    data.update({"class": rng.choice(CLASSES), "environment": rng.choice(["production", "staging", "test"]),
                 "services": [pop.id("service", i % pop.counts["service"])]})
    if i > 10:
        data["runs_on"] = pop.pick(rng, "asset", below=i)
        data["depends_on"] = pop.sample(rng, "asset", 2, below=i)
    data.update(support_group=rng.choice(GROUPS), vendor="Acme", model=f"M{rng.randint(100, 999)}",
                hostname=f"host-{i + 1:05d}.kestrel.internal", ip_addresses=[f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"],
                capacity={"metric": "cpu", "unit": "%", "current": rng.randint(5, 70), "threshold": 80, "max": 100})
    return data


def incident(pop: Population, i: int, rng: random.Random) -> dict:
    opened = pop.moment("incident", i, rng)
    open_ = pop.age("incident", i) > 0.98
    status = rng.choice(["new", "in_progress", "on_hold"]) if open_ else rng.choices(["closed", "resolved", "canceled"], [90, 7, 3])[0]
    svc = pop.id("service", rng.randrange(pop.counts["service"]))
    data = common(pop, "incident", i, rng, f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} failing", status)
    data.update(service=svc, impact=rng.choice(["high", "medium", "low"]), urgency=rng.choice(["high", "medium", "low"]),
                severity=rng.choice(["sev2", "sev3", "sev4"]), category="software",
                channel=rng.choice(["monitoring", "email", "phone", "portal"]), reported_by=rng.choice(PEOPLE),
                assignee=rng.choice(PEOPLE), assignment_group=rng.choice(GROUPS))
    if pop.counts["asset"]:
        data["assets"] = pop.sample(rng, "asset", 2)
    times = [opened - timedelta(minutes=rng.randint(5, 40)), opened - timedelta(minutes=rng.randint(0, 4)), opened]
    data.update(started_at=stamp(times[0]), detected_at=stamp(times[1]), opened_at=stamp(opened))
    timeline = []
    if status != "new" and status != "canceled":
        acknowledged = opened + timedelta(minutes=rng.randint(2, 60))
        data["acknowledged_at"] = stamp(acknowledged)
        timeline.append({"at": stamp(acknowledged), "status": "in_progress", "note": sentence(rng), "author": data["assignee"]})
        if status in ("resolved", "closed"):
            resolved = acknowledged + timedelta(minutes=rng.randint(10, 3000))
            data["resolved_at"] = stamp(resolved)
            timeline.append({"at": stamp(resolved), "status": "resolved", "note": sentence(rng), "author": data["assignee"]})
            if status == "closed":
                closed = resolved + timedelta(hours=rng.randint(1, 72))
                data["closed_at"] = stamp(closed)
                timeline.append({"at": stamp(closed), "status": "closed", "note": "Confirmed by the user; closed.",
                                 "author": data["assignee"]})
            data["resolution"] = {"code": rng.choice(["fixed", "workaround", "vendor_fix", "user_error"]),
                                  "notes": sentence(rng, 20)}
    if timeline:
        data["timeline"] = timeline
    data["users_affected"] = rng.randint(1, 400)
    if pop.counts["problem"] and rng.random() < 0.15:
        data["problem"] = pop.pick(rng, "problem")
    if pop.counts["kb"] and rng.random() < 0.1:
        data["kb"] = pop.sample(rng, "kb", 1)
    if i > 0 and rng.random() < 0.02:
        data["parent"] = pop.pick(rng, "incident", below=i)
    if status == "closed" and rng.random() < 0.3:
        data["csat"] = {"score": rng.randint(1, 5), "comment": sentence(rng, 8), "at": data["closed_at"]}
    return data


def problem(pop: Population, i: int, rng: random.Random) -> dict:
    opened = pop.moment("problem", i, rng)
    open_ = pop.age("problem", i) > 0.9
    status = rng.choice(["new", "assess", "root_cause_analysis", "fix_in_progress"]) if open_ else "closed"
    data = common(pop, "problem", i, rng, f"Recurring {rng.choice(WORDS)} {rng.choice(WORDS)} errors", status)
    data.update(statement=paragraph(rng, 2), services=pop.sample(rng, "service", 2))
    if pop.counts["asset"]:
        data["assets"] = pop.sample(rng, "asset", 2)
    data.update(impact=rng.choice(["high", "medium", "low"]), urgency=rng.choice(["high", "medium", "low"]),
                category="capacity", assignee=rng.choice(PEOPLE), assignment_group=rng.choice(GROUPS),
                opened_at=stamp(opened))
    if status == "closed":
        resolved = opened + timedelta(days=rng.randint(3, 60))
        data.update(root_cause=paragraph(rng, 2), workaround=paragraph(rng, 1), known_error=True,
                    resolution_code="fixed", resolved_at=stamp(resolved),
                    closed_at=stamp(resolved + timedelta(days=rng.randint(1, 20))))
    return data


def change(pop: Population, i: int, rng: random.Random) -> dict:
    open_ = pop.age("change", i) > 0.97
    kind = rng.choices(["standard", "normal", "emergency"], [50, 45, 5])[0]
    if open_:
        status = rng.choice(["new", "scheduled"] if kind == "standard" else ["new", "authorize", "scheduled"])
        start = FUTURE + timedelta(hours=6 * (i - int(0.97 * pop.counts["change"])))
    else:
        status = rng.choices(["closed", "canceled"], [95, 5])[0]
        start = pop.moment("change", i, rng)
    data = common(pop, "change", i, rng, f"Update {rng.choice(WORDS)} on {rng.choice(WORDS)} hosts", status)
    data.update(type=kind, risk=rng.choice(["low", "medium", "high"]), impact=rng.choice(["none", "degraded"]),
                category="software", requested_by=rng.choice(PEOPLE), assignee=rng.choice(PEOPLE),
                assignment_group=rng.choice(GROUPS), justification=sentence(rng, 18),
                implementation_plan=paragraph(rng, 3), test_plan=paragraph(rng, 1), backout_plan=paragraph(rng, 1),
                services=pop.sample(rng, "service", 2))
    if kind == "standard":
        data["standard_template"] = "Rolling OS patching"
    if pop.counts["asset"]:
        data["assets"] = pop.sample(rng, "asset", 3)
    if pop.counts["release"] and rng.random() < 0.2:
        data["release"] = pop.pick(rng, "release")
    if pop.counts["problem"] and rng.random() < 0.05:
        data["fixes_problems"] = pop.sample(rng, "problem", 1)
    if pop.counts["project"] and rng.random() < 0.1:
        data["project"] = pop.pick(rng, "project")
    data.update(planned_start=stamp(start), planned_end=stamp(start + timedelta(hours=2)))
    if kind != "standard" and status in ("scheduled", "closed"):
        data["approvals"] = [{"by": rng.choice(PEOPLE), "role": "CAB", "decision": "approved",
                              "at": stamp(start - timedelta(days=2))}]
    if status == "closed":
        data.update(actual_start=data["planned_start"], actual_end=stamp(start + timedelta(minutes=rng.randint(20, 110))),
                    outcome=rng.choices(["successful", "failed", "rolled_back"], [92, 4, 4])[0],
                    review_notes=sentence(rng, 10))
    return data


def release(pop: Population, i: int, rng: random.Random) -> dict:
    when = pop.moment("release", i, rng)
    status = "completed" if pop.age("release", i) < 0.95 else rng.choice(["draft", "pending"])
    data = common(pop, "release", i, rng, f"Release {i // 10 + 1}.{i % 10}", status)
    data.update(version=f"{i // 10 + 1}.{i % 10}", type=rng.choice(["major", "minor", "patch"]),
                services=pop.sample(rng, "service", 2))
    if pop.counts["project"] and rng.random() < 0.3:
        data["project"] = pop.pick(rng, "project")
    data.update(manager=rng.choice(PEOPLE), planned_date=day(when))
    if status == "completed":
        data["released_at"] = stamp(when + timedelta(hours=6))
    data["release_notes"] = "\n".join(f"- {sentence(rng, 10)}" for _ in range(4)) + "\n"
    return data


def sla(pop: Population, i: int, rng: random.Random) -> dict:
    data = common(pop, "sla", i, rng, f"SLA for service {i % pop.counts['service'] + 1}", "active")
    data.update(type=rng.choice(["sla", "ola"]), service=pop.id("service", i % pop.counts["service"]),
                customer="Business customers", valid_from="2025-01-01", valid_to="2027-12-31",
                service_hours="24x7", availability_target=rng.choice([99.0, 99.5, 99.9]),
                targets={p: {"acknowledge_minutes": 15 * n, "resolve_minutes": 240 * n}
                         for n, p in enumerate(["P1", "P2", "P3", "P4"], 1)},
                pause_on=["on_hold"], exclude_maintenance=True)
    return data


def maintenance(pop: Population, i: int, rng: random.Random) -> dict:
    start = pop.moment("maintenance", i, rng).replace(hour=1, minute=0)
    data = common(pop, "maintenance", i, rng, f"Maintenance window {i + 1}", "completed")
    data.update(type="maintenance", services=pop.sample(rng, "service", 2))
    if pop.counts["asset"]:
        data["assets"] = pop.sample(rng, "asset", 3)
    data.update(start=stamp(start), end=stamp(start + timedelta(hours=3)), timezone="Europe/Berlin",
                impact="degraded", notify=sorted(rng.sample(GROUPS, 2)))
    return data


def project(pop: Population, i: int, rng: random.Random) -> dict:
    start = pop.moment("project", i, rng).replace(hour=0, minute=0)
    open_ = pop.age("project", i) > 0.8
    status = "execution" if open_ else "closed"
    data = common(pop, "project", i, rng, f"Programme {rng.choice(WORDS)} {i + 1}", status)
    tasks = [{"id": f"T{n}", "name": sentence(rng, 5), "owner": rng.choice(PEOPLE),
              "start": day(start + timedelta(days=21 * (n - 1))), "duration_days": 21,
              **({"depends_on": [f"T{n - 1}"]} if n > 1 else {}), "percent_complete": 100 if status == "closed" else 50}
             for n in range(1, 6)]
    finish = start + timedelta(days=21 * 5 + 7)
    data.update(sponsor=rng.choice(PEOPLE), manager=rng.choice(PEOPLE), business_case=paragraph(rng, 3),
                currency="EUR", baseline={"start": day(start), "finish": day(finish), "budget": 100000 + 1000 * i},
                percent_complete=100 if status == "closed" else 50,
                gates=[{"phase": phase, "date": day(start - timedelta(days=30 - 7 * n)), "decision": "approved",
                        "by": "IT steering board"} for n, phase in enumerate(["initiation", "planning", "execution"])],
                milestones=[{"id": "M1", "name": "Design signed off", "baseline": tasks[1]["start"],
                             **({"achieved": tasks[1]["start"]} if status == "closed" else {}), "depends_on": ["T1"]}],
                tasks=tasks,
                raid=[{"id": "R1", "type": "risk", "title": sentence(rng, 6), "owner": rng.choice(PEOPLE),
                       "status": "closed" if status == "closed" else "open", "probability": 3, "impact": 3,
                       "raised": day(start), "response": sentence(rng, 12)}],
                status_reports=[{"date": day(start + timedelta(days=30 * n)), "rag": rng.choice(["green", "amber"]),
                                 "percent_complete": 20 * n, "author": data["owner"], "summary": paragraph(rng, 2)}
                                for n in range(1, 4)])
    if status == "closed":
        data["actual"] = {"start": day(start), "finish": day(finish), "cost_to_date": 100000 + 1000 * i}
    return data


def improvement(pop: Population, i: int, rng: random.Random) -> dict:
    when = pop.moment("improvement", i, rng)
    status = "reviewed" if pop.age("improvement", i) < 0.9 else "identified"
    data = common(pop, "improvement", i, rng, f"Prevent {rng.choice(WORDS)} exhaustion", status)
    data.update(source_incidents=pop.sample(rng, "incident", 3), services=pop.sample(rng, "service", 1))
    if pop.counts["problem"]:
        data["source_problems"] = pop.sample(rng, "problem", 1)
    if status == "reviewed" and pop.counts["change"]:
        data["implemented_by_change"] = pop.pick(rng, "change", below=int(0.9 * pop.counts["change"]))
    data.update(category=rng.choice(["process", "technology"]), priority=rng.choice(["low", "medium", "high"]),
                benefit=sentence(rng, 12), measure=sentence(rng, 8), identified_at=day(when))
    if status == "reviewed":
        data.update(implemented_at=day(when + timedelta(days=30)), outcome="effective", review_notes=sentence(rng, 12))
    return data


def request(pop: Population, i: int, rng: random.Random) -> dict:
    submitted = pop.moment("request", i, rng)
    status = rng.choice(["submitted", "approved", "in_fulfillment"]) if pop.age("request", i) > 0.98 else "closed"
    data = common(pop, "request", i, rng, f"{rng.choice(['Laptop', 'Access', 'Mailbox', 'VPN token'])} for {rng.choice(PEOPLE)}", status)
    data.update(service=pop.id("service", rng.randrange(pop.counts["service"])), item="Standard item", quantity=1,
                requested_by=rng.choice(PEOPLE), requested_for=rng.choice(PEOPLE), assignee=rng.choice(PEOPLE),
                assignment_group="service-desk",
                approvals=[{"by": rng.choice(PEOPLE), "role": "Line manager", "decision": "approved",
                            "at": stamp(submitted + timedelta(minutes=30))}],
                submitted_at=stamp(submitted), due=stamp(submitted + timedelta(days=10)))
    if status == "closed":
        fulfilled = submitted + timedelta(days=rng.randint(1, 9))
        data.update(fulfilled_at=stamp(fulfilled), closed_at=stamp(fulfilled + timedelta(days=1)))
    return data


def kb(pop: Population, i: int, rng: random.Random) -> dict:
    when = pop.moment("kb", i, rng)
    data = common(pop, "kb", i, rng, f"How to recover from {rng.choice(WORDS)} {rng.choice(WORDS)} failures", "published")
    data["description"] = sentence(rng, 14)
    data.update(type=rng.choice(["how_to", "runbook", "troubleshooting", "known_error"]),
                services=pop.sample(rng, "service", 2))
    if pop.counts["problem"] and data["type"] == "known_error":
        data["problems"] = pop.sample(rng, "problem", 1)
    data.update(audience="internal", author=rng.choice(PEOPLE), published=day(when),
                updated=day(when + timedelta(days=rng.randint(0, 90))))
    return data


def article_body(pop: Population, data: dict, rng: random.Random) -> str:
    mentioned = ", ".join(data.get("services", []) + data.get("problems", []))
    steps = "\n".join(f"{n}. {sentence(rng, 12)}" for n in range(1, 7))
    return (f"\n# {data['title']}\n\n{paragraph(rng, 4)}\nApplies to {mentioned}.\n\n## Symptoms\n\n"
            f"{paragraph(rng, 3)}\n## Steps\n\n{steps}\n\n## Verify\n\n{paragraph(rng, 2)}")


# Every kind with its maker and its share of a repository (per 10,000 records).
KINDS: dict[str, tuple[object, int]] = {
    "service": (service, 100), "asset": (asset, 1000), "sla": (sla, 100), "project": (project, 50),
    "problem": (problem, 400), "release": (release, 200), "change": (change, 1500),
    "incident": (incident, 4000), "request": (request, 2000), "maintenance": (maintenance, 100),
    "improvement": (improvement, 150), "kb": (kb, 400),
}


def counts_for(total: int) -> dict[str, int]:
    counts = {kind: max(1, share * total // 10_000) for kind, (_, share) in KINDS.items()}
    counts["incident"] += total - sum(counts.values())
    return counts

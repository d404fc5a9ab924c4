"""Write the TEEN LAB demo data package: a synthetic TEEN LAB 2021-2023 as a folder of CSV files.

    .venv/bin/python -m teenlab.demo.generate [--out DIR]

The records reproduce, through the rules of ``spec/indicators.md``, every figure of the published
report wherever arithmetic allows (see ``content.py`` for what is written by hand). Everything
drawn at random comes from one seed (``random.Random`` and Faker's own generator), so the same
files come out on every run, whatever today's date: the committed ``package/`` is this script's
output, and a test regenerates it byte for byte. Faker is a development dependency only.

What the demo holds on purpose, beyond the published figures:
- one youth dropped out of the 2021 session and came back to complete the 2022 one (counted once,
  as completed; a minor at the first enrolment, an adult at the second);
- one youth of the 2022 session came for a trial day before enrolling: that attendance lies
  outside the enrolment window, so the import warns and the attendance rate ignores it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from teenlab.datapackage.schema import TABLES
from teenlab.datapackage.tablerows import TableRows, write_csv
from teenlab.demo import content, translations
from teenlab.demo.narratives import NARRATIVES

SEED = 20210301
PACKAGE_DIR = Path(__file__).resolve().parent / "package"

# The header of each table, in the package's column order (teenlab.datapackage.schema).
COLUMNS = {table.name: table.column_names for table in TABLES}

# The modules of each session: (code suffix, name, strand, planned hours, slot length in minutes).
MODULES = [
    ("DC", "Culture et techniques du numérique", "digital_culture", 210, 210),
    ("FL", "Fabrication numérique au FabLab", "fablab", 30, 180),
]
MORNING = dt.time(9, 0)
AFTERNOON = dt.time(13, 30)
CLASS_WEEKDAYS = (0, 1, 3)  # Monday, Tuesday, Thursday: full days at the Dynamo
FABLAB_WEEKDAY = 3  # the FabLab opens to the session on Thursday afternoons
PLACES = {"DC": "La Dynamo, Chambéry", "FL": "FabLab de la Dynamo, Chambéry"}

# The people of each session, by what becomes of their enrolment: (status, attendance, reason).
# "good" reaches 80 % attendance or more, "poor" does not; 23 good and 5 poor of 28 completed.
SESSION_PLANS = {
    "C21": [("completed", "good", "")] * 12
    + [("completed", "poor", "")] * 2
    + [
        ("dropped_out", "low", "personal"),
        ("dropped_out", "low", "personal"),
        ("dropped_out", "low", "wrong_orientation"),
        ("dropped_out", "low", "wrong_orientation"),
        ("dropped_out", "low", "lack_of_engagement"),
    ],
    "C22": [("completed", "good", "")] * 10
    + [("completed", "poor", "")] * 3
    + [
        ("dropped_out", "low", "personal"),
        ("dropped_out", "low", "personal"),
        ("dropped_out", "low", "wrong_orientation"),
        ("dropped_out", "low", "lack_of_engagement"),
        ("dropped_out", "low", "lack_of_motivation"),
        ("dropped_out", "low", "lack_of_motivation"),
    ],
}
ATTENDANCE_TARGETS = {"good": (0.83, 0.98), "poor": (0.65, 0.77), "low": (0.35, 0.62)}
# The recruited, as published: 27 from Chambéry and 12 from the agglomeration, 10 minors and 29
# aged 18-23 on their first enrolment, 11 young women and 28 young men.
RECRUITED_ZONES = ["chambery"] * 27 + ["agglomeration"] * 12
RECRUITED_AGES = (
    [16] * 3 + [17] * 7 + [18] * 7 + [19] * 7 + [20] * 6 + [21] * 4 + [22] * 3 + [23] * 2
)
RECRUITED_GENDERS = ["f"] * 11 + ["m"] * 28
NOT_RECRUITED = {"C21": 21, "C22": 17, "late": 3}
ITALIAN_ORIGIN_SHARE = 0.1


@dataclass
class Slot:
    code: str
    cohort: str
    module: str
    date: dt.date
    start: dt.time
    end: dt.time
    place: str

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


@dataclass
class Person:
    gender: str
    commune: str
    birth_date: dt.date
    received_on: dt.date
    info_session: str
    referred_by: str
    situation: str
    first_name: str = ""
    last_name: str = ""
    code: str = ""
    enrolments: list[Enrolment] = field(default_factory=list)


@dataclass
class Enrolment:
    cohort: str
    enrolled_on: dt.date
    status: str
    attendance: str
    left_on: dt.date | None = None
    reason: str = ""
    note: str = ""
    outcome: tuple[str, str, str] = ("unknown", "unknown", "")
    recorded_on: dt.date | None = None
    trial_day: dt.date | None = None


def birth_date_draw(
    *, rng: random.Random, age: int, on: dt.date, since: dt.date | None = None
) -> dt.date:
    """A birth date giving exactly ``age`` on ``on``, with no birthday within 20 days before it,
    nor from ``since`` on (so the age is the same on both days)."""
    anniversary = on.replace(year=on.year - age)
    nearest = max(20, (on - since).days + 1) if since else 20
    return anniversary - dt.timedelta(days=rng.randint(nearest, 340))


def is_off(day: dt.date) -> bool:
    return day in content.PUBLIC_HOLIDAYS or any(
        first <= day <= last for first, last in content.HOLIDAYS
    )


def weekday_draw(*, rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A working day between two dates, outside the summer closing (August)."""
    while True:
        day = first + dt.timedelta(days=rng.randint(0, (last - first).days))
        if day.weekday() < 5 and day.month != 8 and not is_off(day):
            return day


def slots_lay_out(*, cohort: str, start: dt.date, end: dt.date, no_class: set) -> list[Slot]:
    """The session's half-days, from its first day on, until every module has its hours.

    Mornings and afternoons of Mondays, Tuesdays and Thursdays outside holidays; the FabLab module
    takes Thursday afternoons until it is done.
    """
    left = {suffix: hours * 60 // length for suffix, _, _, hours, length in MODULES}
    length = {suffix: minutes for suffix, _, _, _, minutes in MODULES}
    numbers = dict.fromkeys(left, 0)
    slots = []
    day = start
    while any(left.values()):
        if day > end:
            raise ValueError(f"{cohort}: the modules do not fit between {start} and {end}")
        if day.weekday() in CLASS_WEEKDAYS and not is_off(day) and day not in no_class:
            afternoon_first = "FL" if day.weekday() == FABLAB_WEEKDAY else "DC"
            for begin, order in (
                (MORNING, ("DC", "FL")),
                (AFTERNOON, (afternoon_first, "DC", "FL")),
            ):
                suffix = next((s for s in order if left[s]), None)
                if suffix is None:
                    break
                left[suffix] -= 1
                numbers[suffix] += 1
                finish = dt.datetime.combine(day, begin) + dt.timedelta(minutes=length[suffix])
                slots.append(
                    Slot(
                        code=f"{cohort}-{suffix}-{numbers[suffix]:03d}",
                        cohort=cohort,
                        module=f"{cohort}-{suffix}",
                        date=day,
                        start=begin,
                        end=finish.time(),
                        place=PLACES[suffix],
                    )
                )
        day += dt.timedelta(days=1)
    return slots


def attendance_draw(
    *, rng: random.Random, slots: list[Slot], target: float, fading: bool
) -> dict[str, tuple[str, int | None]]:
    """Statuses per slot whose attended share lands just at or under ``target``.

    Everyone starts present; absences, excused absences and late arrivals are added until the
    share falls to the target. ``fading``: the last few slots before leaving are missed first.
    """
    marks: dict[str, tuple[str, int | None]] = {slot.code: ("present", None) for slot in slots}
    scheduled = sum(slot.minutes for slot in slots)
    attended = scheduled
    tail = slots[-rng.randint(2, 4) :] if fading else []
    rest = [slot for slot in slots if slot not in tail]
    rng.shuffle(rest)
    for slot in tail + rest:
        if attended / scheduled <= target:
            break
        kind = (
            "absent"
            if slot in tail
            else rng.choices(("absent", "excused", "partial"), (5, 2, 3))[0]
        )
        if kind == "partial":
            missed = rng.choice((30, 45, 60, 90))
            marks[slot.code] = ("partial", slot.minutes - missed)
            attended -= missed
        else:
            marks[slot.code] = (kind, None)
            attended -= slot.minutes
    return marks


def attendance_rate(*, slots: list[Slot], marks: dict[str, tuple[str, int | None]]) -> float:
    """Attended over scheduled minutes, as indicators.md counts them."""
    scheduled = sum(slot.minutes for slot in slots)
    attended = 0
    for slot in slots:
        status, minutes = marks.get(slot.code, ("absent", None))
        if status == "present":
            attended += slot.minutes
        elif status == "partial":
            attended += minutes or 0
    return attended / scheduled


class Names:
    """Believable names of young people in Chambéry: French, some of Italian origin."""

    def __init__(self, *, seed: int, rng: random.Random):
        from faker import Faker

        self.rng = rng
        self.fr = Faker("fr_FR")
        self.fr.seed_instance(seed)
        self.it = Faker("it_IT")
        self.it.seed_instance(seed + 1)
        self.taken: set[tuple[str, str]] = set()

    def draw(self, *, gender: str) -> tuple[str, str]:
        """A first and last name; families of Italian origin mostly give French first names."""
        pools = {"f": content.FIRST_NAMES_F, "m": content.FIRST_NAMES_M, "x": content.FIRST_NAMES_X}
        while True:
            italian = self.rng.random() < ITALIAN_ORIGIN_SHARE
            if italian and gender != "x" and self.rng.random() < 0.3:
                first = self.it.random_element(content.ITALIAN_FIRST_NAMES[gender])
            else:
                first = self.fr.random_element(pools[gender])
            last = self.it.last_name() if italian else self.fr.last_name()
            if (first, last) not in self.taken:
                self.taken.add((first, last))
                return first, last


@dataclass
class Programme:
    """The drawn part of the demo, built step by step from one random generator."""

    rng: random.Random
    cohorts: dict[str, tuple[str, dt.date, dt.date, set]]
    slots: dict[str, list[Slot]]
    sessions: dict[str, list[tuple[str, dt.date]]]
    people: list[Person] = field(default_factory=list)

    def commune_in(self, zone: str) -> str:
        if zone == "chambery":
            return content.CITY_COMMUNE
        if zone == "agglomeration":
            return self.rng.choice(content.AGGLOMERATION_COMMUNES)
        return self.rng.choice([*content.OTHER_COMMUNES, ""])

    def reception_draw(self, cohort: str) -> tuple[dt.date, str, str]:
        """When and how a youth aiming at ``cohort`` was received: mostly after an info session."""
        rng = self.rng
        start = self.cohorts[cohort][1]
        referred_by = rng.choice(content.REFERRERS)
        if rng.random() < 0.8:
            code, date = rng.choice(self.sessions[cohort])
            received = date + dt.timedelta(days=rng.randint(1, 14))
            while received.weekday() >= 5 or received.month == 8:
                received += dt.timedelta(days=1)
            if received > start - dt.timedelta(days=3):
                received = weekday_draw(rng=rng, first=date, last=start - dt.timedelta(days=3))
            return received, code, referred_by
        first = self.sessions[cohort][0][1] - dt.timedelta(days=10)
        received = weekday_draw(rng=rng, first=first, last=start - dt.timedelta(days=3))
        return received, "", referred_by

    def recruited_add(self) -> None:
        """The 39 recruited, with the published breakdowns dealt out at random.

        The first one is the returning youth: a 17-year-old who drops out of the 2021 session
        for personal reasons and completes the 2022 one. Two people per session who attend well
        join a week late; the first of 2022 came for a trial day before.
        """
        rng = self.rng
        plan = [("C21", ("dropped_out", "low", "personal"))] + [
            (cohort, line) for cohort, lines in SESSION_PLANS.items() for line in lines
        ]
        zones, ages, genders = RECRUITED_ZONES[:], RECRUITED_AGES[:], RECRUITED_GENDERS[:]
        for values in (zones, ages, genders):
            rng.shuffle(values)
        ages.insert(0, ages.pop(ages.index(17)))
        late = set()
        for cohort in SESSION_PLANS:
            good = [i for i, (c, line) in enumerate(plan) if c == cohort and line[1] == "good"]
            late.update(rng.sample(good[1:], 2))
        trial = min(i for i in late if plan[i][0] == "C22")
        for index, (cohort, (status, attendance, reason)) in enumerate(plan):
            start = self.cohorts[cohort][1]
            enrolled_on = start + dt.timedelta(days=7) if index in late else start
            received_on, session, referred_by = self.reception_draw(cohort)
            person = Person(
                gender=genders[index],
                commune=self.commune_in(zones[index]),
                birth_date=birth_date_draw(
                    rng=rng, age=ages[index], on=enrolled_on, since=received_on
                ),
                received_on=received_on,
                info_session=session,
                referred_by=referred_by,
                # NEET by definition (the report: "jeunes NEETs", "sortis du système éducatif"):
                # unemployed or inactive, never in education nor employed. Those whose
                # registration as jobseekers the records do not show are inactive (ESF+'s
                # reading). One draw, whatever the population: the other draws do not move.
                situation=rng.choices(("unemployed", "inactive", "inactive"), (10, 8, 2))[0],
            )
            enrolment = Enrolment(
                cohort=cohort,
                enrolled_on=enrolled_on,
                status=status,
                attendance=attendance,
                reason=reason,
            )
            if index == trial:
                enrolment.trial_day = start + dt.timedelta(days=1)
            if status == "dropped_out":
                days = sorted({slot.date for slot in self.slots[cohort]})
                enrolment.left_on = days[rng.randint(8, 28)]
                enrolment.note = rng.choice(content.DROPOUT_NOTES[reason])
            person.enrolments.append(enrolment)
            self.people.append(person)
        returning = self.people[0]
        returning.enrolments[0].left_on = dt.date(2021, 11, 25)
        returning.enrolments[0].note = "Raisons familiales ; souhaite revenir à la session suivante"
        returning.enrolments.append(
            Enrolment(
                cohort="C22",
                enrolled_on=self.cohorts["C22"][1],
                status="completed",
                attendance="good",
            )
        )

    def outcomes_deal(self) -> None:
        """One outcome per enrolment; the published profiles go to each one's latest enrolment."""
        rng = self.rng
        returning = self.people[0]
        completed = content.OUTCOMES_COMPLETED[:]
        completed.remove(("yes", "training", content.RETURNING_OUTCOME_DETAIL))
        rng.shuffle(completed)
        dropped_out = content.OUTCOMES_DROPPED_OUT[:]
        rng.shuffle(dropped_out)
        for person in self.people:
            latest = person.enrolments[-1]
            if person is returning:
                latest.outcome = ("yes", "training", content.RETURNING_OUTCOME_DETAIL)
                person.enrolments[0].outcome = content.RETURNING_OUTCOME_FIRST
            elif latest.status == "completed":
                latest.outcome = completed.pop()
            else:
                latest.outcome = dropped_out.pop()
            for enrolment in person.enrolments:
                if enrolment.outcome[0] != "unknown":
                    ended = enrolment.left_on or self.cohorts[enrolment.cohort][2]
                    enrolment.recorded_on = ended + dt.timedelta(days=rng.randint(14, 56))
        if completed or dropped_out:
            raise ValueError("outcome profiles left over: the plan and the profiles disagree")

    def not_recruited_add(self) -> None:
        """The youth received but never enrolled: varied ages (16-26), places and genders."""
        rng = self.rng
        total = sum(NOT_RECRUITED.values())
        genders = ["x"] + ["f"] * (total * 45 // 100) + ["m"] * total
        genders = genders[:total]
        rng.shuffle(genders)
        for group, count in NOT_RECRUITED.items():
            for _ in range(count):
                if group == "late":
                    received_on = weekday_draw(
                        rng=rng, first=dt.date(2022, 11, 7), last=dt.date(2023, 1, 20)
                    )
                    session, referred_by = "", rng.choice(content.REFERRERS)
                else:
                    received_on, session, referred_by = self.reception_draw(group)
                zone = rng.choices(("chambery", "agglomeration", "other"), (9, 6, 3))[0]
                self.people.append(
                    Person(
                        gender=genders.pop(),
                        commune=self.commune_in(zone),
                        birth_date=birth_date_draw(
                            rng=rng, age=rng.randint(16, 26), on=received_on
                        ),
                        received_on=received_on,
                        info_session=session,
                        referred_by=referred_by,
                        situation=rng.choices(
                            ("unemployed", "inactive", "in_education", "employed", "unknown"),
                            (8, 6, 2, 1, 2),
                        )[0],
                    )
                )

    def people_name(self, *, names: Names) -> None:
        """Codes in the order the youth were received, then names."""
        self.people.sort(key=lambda p: (p.received_on, p.info_session))
        for number, person in enumerate(self.people, start=1):
            person.code = f"J{number:03d}"
            person.first_name, person.last_name = names.draw(gender=person.gender)

    def attendance_rows(self) -> list[tuple[str, str, str, int | None]]:
        """One row per slot of each enrolment window, and the trial day; checked against plan."""
        rows: list[tuple[str, str, str, int | None]] = []
        for person in self.people:
            for enrolment in person.enrolments:
                cohort_slots = self.slots[enrolment.cohort]
                end = enrolment.left_on or self.cohorts[enrolment.cohort][2]
                window = [s for s in cohort_slots if enrolment.enrolled_on <= s.date <= end]
                low, high = ATTENDANCE_TARGETS[enrolment.attendance]
                marks = attendance_draw(
                    rng=self.rng,
                    slots=window,
                    target=round(self.rng.uniform(low, high), 3),
                    fading=enrolment.status == "dropped_out",
                )
                rate = attendance_rate(slots=window, marks=marks)
                if (rate >= 0.8) != (enrolment.attendance == "good"):
                    raise ValueError(f"{person.code}: attendance {rate:.3f} misses its plan")
                if enrolment.trial_day:
                    trial = next(s for s in cohort_slots if s.date == enrolment.trial_day)
                    marks[trial.code] = ("present", None)
                rows.extend((slot, person.code, *mark) for slot, mark in marks.items())
        order = {s.code: n for n, s in enumerate(s for c in self.slots.values() for s in c)}
        rows.sort(key=lambda row: (order[row[0]], row[1]))
        return rows


def package_build(*, seed: int = SEED) -> dict[str, list[dict]]:
    """Every table of the demo package, as rows of Python values, in a stable order."""
    rng = random.Random(seed)
    cohorts = {c[0]: c[1:] for c in content.COHORTS}
    programme = Programme(
        rng=rng,
        cohorts=cohorts,
        slots={
            code: slots_lay_out(cohort=code, start=start, end=end, no_class=no_class)
            for code, (_, start, end, no_class) in cohorts.items()
        },
        sessions={
            cohort: [(f"IC{date:%y%m%d}", date) for date in dates]
            for cohort, dates in content.INFO_SESSION_DATES.items()
        },
    )
    programme.recruited_add()
    programme.outcomes_deal()
    programme.not_recruited_add()
    programme.people_name(names=Names(seed=seed, rng=rng))
    attendance = programme.attendance_rows()
    people = programme.people
    enrolments = sorted(
        ((person, enrolment) for person in people for enrolment in person.enrolments),
        key=lambda pair: (pair[1].cohort, pair[0].code),
    )

    return {
        "project": [
            {
                **content.PROJECT,
                "programme_it": translations.PROGRAMME["it"],
                "programme_en": translations.PROGRAMME["en"],
            }
        ],
        "organisations": content.ORGANISATIONS,
        "residence_zones": [
            {"commune": commune, "zone": zone, "label": content.ZONE_LABELS[zone]}
            for commune, zone in [
                (content.CITY_COMMUNE, "chambery"),
                *((c, "agglomeration") for c in content.AGGLOMERATION_COMMUNES),
            ]
        ],
        "phases": [
            {
                "number": n,
                "name": name,
                "start_date": start,
                "end_date": end,
                **_in_it_en("name", translations.PHASES[n]),
            }
            for n, name, start, end in content.PHASES
        ],
        "info_sessions": [
            {
                "code": code,
                "organisation": content.CHAMBERY,
                "date": date,
                "place": content.INFO_SESSION_PLACE,
            }
            for sessions in programme.sessions.values()
            for code, date in sessions
        ],
        "youth": [
            {
                "code": p.code,
                "organisation": content.CHAMBERY,
                "first_name": p.first_name,
                "last_name": p.last_name,
                "birth_date": p.birth_date,
                "gender": p.gender,
                "commune": p.commune,
                "received_on": p.received_on,
                "info_session": p.info_session,
                "referred_by": p.referred_by,
                "situation_at_entry": p.situation,
            }
            for p in people
        ],
        "cohorts": [
            {
                "code": code,
                "organisation": content.CHAMBERY,
                "name": name,
                "start_date": start,
                "end_date": end,
            }
            for code, (name, start, end, _) in cohorts.items()
        ],
        "modules": [
            {
                "code": f"{cohort}-{suffix}",
                "cohort": cohort,
                "name": name,
                "strand": strand,
                "planned_hours": hours,
            }
            for cohort in cohorts
            for suffix, name, strand, hours, _ in MODULES
        ],
        "slots": [
            {
                "code": s.code,
                "cohort": s.cohort,
                "module": s.module,
                "date": s.date,
                "start": s.start,
                "end": s.end,
                "place": s.place,
            }
            for cohort_slots in programme.slots.values()
            for s in cohort_slots
        ],
        # The report names no closure: the slots skip the holidays without one recorded.
        "closures": [],
        # The report says how many were received and recruited, not what was decided for the
        # others: their decisions are left for a coordinator to record in the app.
        "recruitment_decisions": [],
        # Nor does it say which notices, image rights and authorisations were recorded: the
        # import lists the minors without them, for counsellors to record in the app.
        "consents": [],
        "enrolments": [
            {
                "youth": p.code,
                "cohort": e.cohort,
                "enrolled_on": e.enrolled_on,
                "status": e.status,
                "left_on": e.left_on,
                "dropout_reason": e.reason,
                "note": e.note,
            }
            for p, e in enrolments
        ],
        "attendance": [
            {"slot": slot, "youth": youth, "status": status, "minutes": minutes}
            for slot, youth, status, minutes in attendance
        ],
        "outcomes": [
            {
                "youth": p.code,
                "cohort": e.cohort,
                "professional_project": e.outcome[0],
                "exit": e.outcome[1],
                "detail": e.outcome[2],
                "recorded_on": e.recorded_on,
            }
            for p, e in enrolments
        ],
        # The report's positive exits are where the young people were at the end (outcomes);
        # it does not say where they were four weeks or six months after leaving: none invented.
        "follow_ups": [],
        "exchanges": [
            _row("exchanges", x, title=translations.EXCHANGES[x[0]]) for x in content.EXCHANGES
        ],
        "events": [_row("events", e, title=translations.EVENTS[e[0]]) for e in content.EVENTS],
        # The report names the events' associations, not who took part in them or in the
        # exchanges (it gives head counts): nobody is invented.
        "event_participants": [],
        "exchange_participants": [],
        # The report names no reporting period, no programme cost category of the spending
        # and no split of the cofinancing between EU and national funds: none invented.
        "reporting_periods": [],
        "planned_costs": [],
        "partner_funding": [],
        "budget": [
            {"organisation": content.CHAMBERY, "category": category, "planned_eur": amount}
            for category, amount in content.BUDGET.items()
        ],
        "expenses": expense_rows(),
        "narratives": [
            {"section": section, "lang": lang, "text": text, "in_bilan": "yes"}
            for section, texts in NARRATIVES.items()
            for lang, text in texts.items()
        ],
        "cooperations": [
            _row("cooperations", cooperation, note=translations.COOPERATIONS[cooperation[0]])
            for cooperation in content.COOPERATIONS
        ],
    }


def _in_it_en(column: str, texts: tuple[str, str]) -> dict[str, str]:
    """``{column}_it`` and ``{column}_en`` (teenlab's additions, issue 11 point 5)."""
    return {f"{column}_it": texts[0], f"{column}_en": texts[1]}


def _row(table: str, values: tuple, **translated: tuple[str, str]) -> dict:
    """A row of ``table`` from ``content``'s tuple (its columns in the schema's order, the
    translations left out) and each column's Italian and English texts."""
    names = [n for n in COLUMNS[table] if not n.endswith(("_it", "_en"))]
    row = dict(zip(names, values, strict=True))
    for column, texts in translated.items():
        row.update(_in_it_en(column, texts))
    return row


def expense_rows() -> list[dict]:
    """The French partner's spending, in date order, with a mandate number per year."""
    rows = []
    numbers: dict[int, int] = {}
    for date, category, cents, label, supplier in sorted(
        content.EXPENSES, key=lambda e: (e[0], e[1], e[3])
    ):
        numbers[date.year] = numbers.get(date.year, 0) + 1
        rows.append(
            {
                "organisation": content.CHAMBERY,
                "category": category,
                "date": date,
                "amount_eur": Decimal(cents) / 100,
                "label": label,
                "supplier": supplier,
                "reference": f"M{date.year}-{numbers[date.year]:03d}",
            }
        )
    return rows


def package_write(*, tables: dict[str, list[dict]], out: Path) -> list[Path]:
    """Write one UTF-8 CSV per table into ``out`` (created if needed), as ``teenlab export``
    writes it (teenlab.datapackage.tablerows); return the files."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = out / f"{table.name}.csv"
        rows = tables[table.name]
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_csv(handle, TableRows(table.name, len(rows), rows))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m teenlab.demo.generate",
        description="Write the TEEN LAB demo data package (CSV files).",
    )
    parser.add_argument(
        "--out", type=Path, default=PACKAGE_DIR, help=f"folder (default {PACKAGE_DIR})"
    )
    parser.add_argument("--seed", type=int, default=SEED, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    written = package_write(tables=package_build(seed=args.seed), out=args.out)
    print(f"{len(written)} files written to {args.out}")


if __name__ == "__main__":
    main()

"""Administrative units, PAPI reference data, people, plans and scores."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .text import name_sort_key


def _localized(obj, vi_field="name_vi", en_field="name_en"):
    """The Vietnamese name unless the interface is in English and one exists."""
    if (get_language() or "vi").startswith("en") and getattr(obj, en_field):
        return getattr(obj, en_field)
    return getattr(obj, vi_field)


# --- Administrative units ---------------------------------------------------


class AdministrativeUnitQuerySet(models.QuerySet):
    def within(self, unit):
        """The unit and every unit below it (the tree is province → district → commune)."""
        return self.filter(Q(pk=unit.pk) | Q(parent=unit) | Q(parent__parent=unit))

    def visible_to(self, user):
        """The units whose plans a person may see: one place for object-level scoping.

        Commune people see their own commune; supervisors see the units below theirs;
        a superuser sees everything; anyone else nothing. A unit merged into one of those (its
        `succeeded_by`) is seen too, read-only: managing a unit's plan needs being of that unit.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.unit_id is None:
            return self.none()
        if user.role == Role.SUPERVISOR:
            own = self.within(user.unit)
        else:
            own = self.filter(pk=user.unit_id)
        own = own.values("pk")
        return self.filter(Q(pk__in=own) | Q(succeeded_by__in=own))

    def current(self):
        """The units that exist today (not merged away or dissolved)."""
        return self.filter(dissolved_on__isnull=True, succeeded_by__isnull=True)


class AdministrativeUnit(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        # A centrally-run city (thành phố trực thuộc trung ương: Hà Nội, Huế...): a province's level.
        CITY = "city", _("Centrally-run city")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")
        WARD = "ward", _("Ward")
        # An island special zone (đặc khu: Phú Quốc, Côn Đảo...), a commune's level since 2025.
        SPECIAL_ZONE = "special", _("Special zone")

    # The levels: a province's (plans/units.py loads both), and those that run plans.
    PROVINCE_KINDS = (Kind.PROVINCE, Kind.CITY)
    LOCAL_KINDS = (Kind.COMMUNE, Kind.WARD, Kind.SPECIAL_ZONE)
    # The word official documents put before the name: "Ủy ban nhân dân xã Trung Trắc".
    KIND_WORDS = {
        Kind.PROVINCE: "tỉnh",
        Kind.CITY: "thành phố",
        Kind.DISTRICT: "huyện",
        Kind.COMMUNE: "xã",
        Kind.WARD: "phường",
        Kind.SPECIAL_ZONE: "đặc khu",
    }

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(
        _("official code"),
        max_length=10,
        unique=True,
        help_text=_("From the national list of administrative units: 2 digits for a province, 5 for a commune."),
    )
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    succeeded_by = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_("The unit that took over this one after a merger."),
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        indexes = [
            # Serves the cross-commune view: the communes under a district or province.
            models.Index(fields=["parent", "kind"], name="unit_parent_kind_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_local(self):
        """Communes, wards and special zones run plans; provinces and districts supervise."""
        return self.kind in self.LOCAL_KINDS

    @property
    def kind_word(self):
        """The word before the name in documents (xã, phường, đặc khu, tỉnh...): Vietnamese, never translated."""
        return self.KIND_WORDS.get(self.kind, "xã")

    def ancestors(self):
        """Parents up to the province (one query per level; the tree is at most 3 deep)."""
        unit, chain = self.parent, []
        while unit is not None:
            chain.append(unit)
            unit = unit.parent
        return chain


# --- PAPI reference data (loaded by a data migration) ------------------------


class ContentArea(models.Model):
    """One of the eight PAPI content areas (chỉ số nội dung)."""

    code = models.PositiveSmallIntegerField(_("code"), unique=True, validators=[MinValueValidator(1)])
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    valid_from = models.PositiveSmallIntegerField(_("valid from year"), null=True, blank=True)
    aliases = models.TextField(
        _("other headings"),
        blank=True,
        help_text=_(
            "Other ways plans word this area, one per line; the plan importer uses them to recognise headings."
        ),
    )

    class Meta:
        verbose_name = _("PAPI content area")
        verbose_name_plural = _("PAPI content areas")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code}. {self.name}"

    @property
    def name(self):
        return _localized(self)


class SubDimensionQuerySet(models.QuerySet):
    def valid_in(self, year):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=year)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=year)
        )


class SubDimension(models.Model):
    """A PAPI sub-dimension (nội dung thành phần); the list changes between years."""

    area = models.ForeignKey(
        ContentArea, verbose_name=_("content area"), on_delete=models.CASCADE, related_name="sub_dimensions"
    )
    code = models.CharField(_("code"), max_length=10, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    valid_from = models.PositiveSmallIntegerField(_("valid from year"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(_("valid until year"), null=True, blank=True)
    uncertain = models.BooleanField(
        _("needs checking"), default=False, help_text=_("The name has not been checked against the official report.")
    )

    objects = SubDimensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("PAPI sub-dimension")
        verbose_name_plural = _("PAPI sub-dimensions")
        ordering = ["area__code", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def name(self):
        return _localized(self)


# --- People ------------------------------------------------------------------


class Department(models.Model):
    """A department of a unit (after the 2025 reform communes have departments): "Văn phòng HĐND
    và UBND", "Phòng Văn hóa - Xã hội"... Its members are the people whose `department` it is; its
    head (trưởng phòng, chánh văn phòng) delegates the department's tasks to them."""

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=200)
    head = models.ForeignKey(
        "plans.User",
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
        help_text=_("The head of department or chief of office, who delegates its tasks."),
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["unit", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="department_unique_name_per_unit")]

    def __str__(self):
        return self.name


class Position(models.Model):
    """A job title such as "Công chức Tư pháp - Hộ tịch"; edited by an administrator."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    """What a person does in the portal; each role is also a permission group."""

    CHAIRMAN = "chairman", _("Chairman")
    VICE_CHAIRMAN = "vice_chairman", _("Vice-chairman")
    CLERK = "clerk", _("Office-Statistics clerk")
    OFFICIAL = "official", _("Official")
    OBSERVER = "observer", _("Observer")
    SUPERVISOR = "supervisor", _("Supervisor at a higher level")
    # Manages the accounts of the units below theirs (accounts/privileges.py says what exactly).
    ACCOUNT_ADMIN = "account_admin", _("Account administrator")

    @property
    def group_name(self):
        return f"role:{self.value}"


class User(AbstractUser):
    """An official, observer or supervisor. Usernames stay short ASCII (chutich, vanphong)."""

    full_name = models.CharField(_("full name"), max_length=150)
    sort_name = models.CharField(max_length=200, editable=False, db_index=True)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICIAL)
    email_notifications = models.BooleanField(_("receive e-mail"), default=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_name"]

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        self.sort_name = name_sort_key(self.full_name or self.username)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_name"}
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name or super().get_full_name()

    @property
    def is_leader(self):
        return self.role in (Role.CHAIRMAN, Role.VICE_CHAIRMAN)

    @property
    def is_clerk(self):
        return self.role == Role.CLERK


# --- Plans ------------------------------------------------------------------


class PlanQuerySet(models.QuerySet):
    def for_unit(self, unit):
        return self.filter(unit=unit)

    def for_user(self, user):
        return self.filter(unit__in=AdministrativeUnit.objects.visible_to(user))


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("In force")
        CLOSED = "closed", _("Closed")

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    number = models.CharField(_("number and symbol"), max_length=50, blank=True, help_text=_('e.g. "05/KH-UBND"'))
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    preamble = models.TextField(_("preamble"), blank=True)
    target = models.TextField(_("target"), blank=True, help_text=_("What the plan aims for, e.g. a higher PAPI rank."))
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    closing = models.TextField(_("closing"), blank=True, help_text=_('The closing sentence ("Trên đây là Kế hoạch…").'))
    recipients = models.TextField(_("recipients"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    source_file = models.FileField(_("source document"), upload_to="plans/%Y/", blank=True)
    source_name = models.CharField(_("source file name"), max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "unit__name"]
        constraints = [
            # One plan per unit and year: a second import must say --replace.
            models.UniqueConstraint(fields=["unit", "year"], name="plan_one_per_unit_and_year"),
        ]

    def __str__(self):
        return f"{self.title} ({self.unit}, {self.year})"


class BasisDocument(models.Model):
    """A document the plan implements ("Thực hiện Kế hoạch số 182/KH-UBND ...")."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="basis_documents")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    doc_type = models.CharField(_("document type"), max_length=50, blank=True)
    number = models.CharField(_("number and symbol"), max_length=50, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    citation = models.TextField(_("citation"), help_text=_("The words the plan uses to cite it."))

    class Meta:
        verbose_name = _("basis document")
        verbose_name_plural = _("basis documents")
        ordering = ["plan", "order"]

    def __str__(self):
        return " ".join(part for part in (self.doc_type, self.number) if part) or self.citation[:60]


class PlanSection(models.Model):
    """A heading of the plan in document order: I., 1., 1.1., kept with its own text."""

    class Kind(models.TextChoices):
        PART = "part", _("Part (roman numeral)")
        SECTION = "section", _("Section")
        SUBSECTION = "subsection", _("Sub-section")
        APPENDIX = "appendix", _("Appendix")

    class Purpose(models.TextChoices):
        NARRATIVE = "narrative", _("Narrative")
        TASKS = "tasks", _("Tasks")
        RESPONSIBILITIES = "responsibilities", _("Responsibilities")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.NARRATIVE)
    number = models.CharField(_("number"), max_length=20, blank=True, help_text=_('As printed: "II", "1", "1.2".'))
    heading = models.TextField(_("heading"))
    text = models.TextField(_("text"), blank=True)
    content_area = models.ForeignKey(
        ContentArea, verbose_name=_("content area"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="plan_section_unique_order")]

    def __str__(self):
        return f"{self.number}. {self.heading}" if self.number else self.heading


class Responsibility(models.Model):
    """Who does what (the plan's "Tổ chức thực hiện"): kept as text per named party."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="responsibilities")
    order = models.PositiveSmallIntegerField(_("order"))
    party = models.CharField(_("responsible party"), max_length=300)
    text = models.TextField(_("responsibilities"))
    position = models.ForeignKey(
        Position,
        verbose_name=_("position"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The position the party names, where it is one."),
    )

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["plan", "order"]

    def __str__(self):
        return self.party


# --- Scores -------------------------------------------------------------------


class PapiScore(models.Model):
    """A score for a unit and year: total (no area), per area, or per sub-dimension."""

    class Source(models.TextChoices):
        OFFICIAL = "official", _("Official PAPI survey")
        PROVINCIAL = "provincial", _("Provincial assessment")
        DISTRICT = "district", _("District assessment")
        SELF = "self", _("Self-assessment")
        TARGET = "target", _("Target")

    class Group(models.TextChoices):
        HIGHEST = "highest", _("Highest group")
        HIGH_AVERAGE = "high_average", _("High-average group")
        LOW_AVERAGE = "low_average", _("Low-average group")
        LOWEST = "lowest", _("Lowest group")

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="scores"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    area = models.ForeignKey(
        ContentArea,
        verbose_name=_("content area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty for the total score."),
    )
    sub_dimension = models.ForeignKey(
        SubDimension, verbose_name=_("sub-dimension"), null=True, blank=True, on_delete=models.PROTECT
    )
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=4, validators=[MinValueValidator(0)])
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    rank_base = models.PositiveSmallIntegerField(
        _("ranked among"), null=True, blank=True, help_text=_("How many were ranked, e.g. 63 in 5/63.")
    )
    group = models.CharField(_("group"), max_length=15, choices=Group.choices, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    is_demo = models.BooleanField(_("demo figure"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PAPI score")
        verbose_name_plural = _("PAPI scores")
        ordering = ["unit", "-year", "area__code"]
        constraints = [
            # One figure per unit, year, source and scope (total / area / sub-dimension).
            models.UniqueConstraint(
                fields=["unit", "year", "source"],
                condition=Q(area__isnull=True, sub_dimension__isnull=True),
                name="papiscore_one_total",
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "source", "area"],
                condition=Q(area__isnull=False, sub_dimension__isnull=True),
                name="papiscore_one_per_area",
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "source", "sub_dimension"],
                condition=Q(sub_dimension__isnull=False),
                name="papiscore_one_per_sub_dimension",
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank_base__isnull=True) | Q(rank__lte=models.F("rank_base")),
                name="papiscore_rank_within_base",
            ),
        ]

    def __str__(self):
        scope = self.sub_dimension or self.area or _("Total")
        return f"{self.unit} {self.year} {scope}: {self.score}"

    @property
    def rank_display(self):
        if self.rank and self.rank_base:
            return f"{self.rank}/{self.rank_base}"
        return str(self.rank or "")

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.sub_dimension_id and self.area_id and self.sub_dimension.area_id != self.area_id:
            raise ValidationError({"sub_dimension": _("This sub-dimension belongs to another content area.")})
        if self.sub_dimension_id and not self.area_id:
            self.area_id = self.sub_dimension.area_id

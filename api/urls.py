from django.urls import include, path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from accidents.api import AccidentViewSet
from enterprises.api import EnterpriseViewSet
from hazards.api import CriterionViewSet, HazardViewSet
from inspections.api import (DrawViewSet, EnforcementViewSet, InspectionViewSet, ItemViewSet, ScheduleViewSet,
                             TemplateViewSet)
from duties.api import DutyViewSet, WorkRecordViewSet
from obligations.api import FilingViewSet, SelfCheckViewSet
from appraisal.api import RoundViewSet, SchemeViewSet
from plans.api import PlanImportViewSet, PlanViewSet, SlotViewSet, TaskViewSet
from reports.api import SubmissionViewSet
from notify.api import MessageViewSet, ReminderRuleViewSet
from org.api import (DutyShiftViewSet, ExpertViewSet, PersonViewSet, RegionViewSet, SectorViewSet, UnitViewSet,
                     WorkingGroupViewSet)
from risks.api import RiskPointViewSet
from audit import capture
from audit.models import AuditEntry
from security.accounts import LOCKED, is_locked, refusal

from .authentication import expires_at, issue
from safety.api import CoverageTargetViewSet, DrillViewSet, TrainingViewSet
from tipoffs.api import PublicTipOffViewSet, TipOffViewSet


class TokenView(ObtainAuthToken):
    """POST username + password, get a token for `Authorization: Token <key>`.

    No token for an account that may not use the system now (locked, deactivated, password
    expired or to be changed first): the answer says why, in Chinese."""

    @extend_schema(summary="获取接口令牌", tags=["auth"])
    def post(self, request, *args, **kwargs):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if isinstance(username, str) and is_locked(username):
            return Response({"detail": LOCKED}, status=403)
        serializer = self.get_serializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        reason = refusal(user)
        if reason:
            return Response({"detail": reason}, status=403)
        token = issue(user)
        capture.write(AuditEntry.Kind.LOGIN, user=user, request=request, object_type="org.user",
                      object_id=str(user.pk), object_repr=user.get_username(), detail="获取接口令牌")
        return Response({"token": token.key, "expires_at": expires_at(token)})


router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("messages", MessageViewSet, basename="message")
router.register("reminder-rules", ReminderRuleViewSet, basename="reminderrule")
router.register("sectors", SectorViewSet, basename="sector")
router.register("units", UnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("working-groups", WorkingGroupViewSet, basename="workinggroup")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("hazards", HazardViewSet, basename="hazard")
router.register("criteria", CriterionViewSet, basename="criterion")
router.register("plans", PlanViewSet, basename="plan")
router.register("plan-imports", PlanImportViewSet, basename="planimport")
router.register("duties", DutyViewSet, basename="duty")
router.register("work-records", WorkRecordViewSet, basename="workrecord")
router.register("self-checks", SelfCheckViewSet, basename="selfcheck")
router.register("filings", FilingViewSet, basename="filing")
router.register("appraisal-schemes", SchemeViewSet, basename="scheme")
router.register("appraisals", RoundViewSet, basename="round")
router.register("tasks", TaskViewSet, basename="task")
router.register("slots", SlotViewSet, basename="slot")
router.register("submissions", SubmissionViewSet, basename="submission")
router.register("accidents", AccidentViewSet, basename="accident")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("inspection-items", ItemViewSet, basename="inspectionitem")
router.register("checklist-templates", TemplateViewSet, basename="checklisttemplate")
router.register("random-draws", DrawViewSet, basename="randomdraw")
router.register("inspection-schedules", ScheduleViewSet, basename="inspectionschedule")
router.register("enforcement-actions", EnforcementViewSet, basename="enforcementaction")
router.register("tipoffs", TipOffViewSet, basename="tipoff")
router.register("public/tipoffs", PublicTipOffViewSet, basename="public-tipoff")
router.register("risk-points", RiskPointViewSet, basename="riskpoint")
router.register("trainings", TrainingViewSet, basename="training")
router.register("drills", DrillViewSet, basename="drill")
router.register("coverage-targets", CoverageTargetViewSet, basename="coveragetarget")
router.register("experts", ExpertViewSet, basename="expert")
router.register("duty-shifts", DutyShiftViewSet, basename="dutyshift")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]

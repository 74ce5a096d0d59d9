"""The site's URLs. Published paths, pages and API alike, are a public promise: keep them stable."""

from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import processing_groups.urls
from ideas import group_urls
from popsote.accounts import views as account_views
from popsote.core import views
from popsote.metrics.api import StatsView
from popsote.metrics.urls import open_data_urls
from popsote.taxonomy.api import TaxonomyView

# The admin signs in through allauth's sign-in page (its rate limits, two-step verification):
# its own login form would take a password past both, so it only ever redirects there.
admin.site.login = secure_admin_login(admin.site.login)

api_v1 = [
    path("taxonomy/", TaxonomyView.as_view(), name="taxonomy"),
    path("suggestions/", include("ideas.api.urls")),
    path("groups/", include("ideas.api.group_urls")),
    path("labs/", include("labs.api.urls")),
    path("showroom/", include("showroom.api.urls")),
    path("notifications/", include("popsote.notifications.api_urls")),
    path("stats/", StatsView.as_view(), name="stats"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("api/v1/", include((api_v1, "api"))),
    path("stats/open-data/", include((open_data_urls, "open_data"))),
]

# Finnish pages answer without a prefix; Swedish and English under /sv/ and /en/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("ideas.urls")),
    # The groups' pages come from two apps (groups and members; the suggestions they work on)
    # and share one namespace.
    path("", include((group_urls.urlpatterns + processing_groups.urls.urlpatterns, "groups"))),
    path("labs/", include("labs.urls")),
    path("showroom/", include("showroom.urls")),
    path("", include("popsote.metrics.urls")),
    path("notifications/", include("popsote.notifications.urls")),
    path("", include("popsote.privacy.urls")),
    path("", include("popsote.audit.urls")),
    path("accounts/", include("allauth.urls")),
    path("accounts/sessions/<int:pk>/end/", account_views.end_session, name="session_end"),
    path("accounts/profile/", views.profile, name="profile"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

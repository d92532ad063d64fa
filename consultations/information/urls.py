"""URLs of information, mounted under /jst/<municipality_slug>/informacje/ in the `information` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    # Public: the municipality's NGO page (news and events of NGOs).
    path("", views.post_list, name="post_list"),
    path("kanal.xml", views.PostFeed(), name="post_feed"),
    path("<int:pk>/", views.post_detail, name="post_detail"),
    # Organizations.
    path("ogloszenia/nowe/", views.post_create, name="post_create"),
    path("ogloszenia/moje/", views.my_posts, name="my_posts"),
    path("ogloszenia/<int:pk>/edycja/", views.post_edit, name="post_edit"),
    path("ogloszenia/<int:pk>/wycofaj/", views.post_withdraw, name="post_withdraw"),
    path("subskrypcja/<int:organization_id>/", views.subscription, name="subscription"),
    # Recipients of a newsletter: no login, the token is the proof.
    path("odbior/<str:token>/", views.receipt, name="receipt"),
    path("wypisz/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # The officer.
    path("panel/", views.panel, name="panel"),
    path("panel/ogloszenia/<int:pk>/", views.post_review, name="post_review"),
    path("panel/ogloszenia/<int:pk>/zatwierdz/", views.post_approve, name="post_approve"),
    path("panel/ogloszenia/<int:pk>/odrzuc/", views.post_decline, name="post_decline"),
    path("panel/biuletyny/nowy/", views.newsletter_create, name="newsletter_create"),
    path("panel/biuletyny/<int:pk>/", views.newsletter_admin, name="newsletter_admin"),
    path("panel/biuletyny/<int:pk>/edycja/", views.newsletter_edit, name="newsletter_edit"),
    path("panel/biuletyny/<int:pk>/wyslij/", views.newsletter_send, name="newsletter_send"),
    path("panel/biuletyny/<int:pk>/statystyki/", views.newsletter_stats, name="newsletter_stats"),
    path("panel/biuletyny/<int:pk>/listy.pdf", views.newsletter_letters_pdf, name="newsletter_letters_pdf"),
    path("panel/biuletyny/<int:pk>/etykiety.pdf", views.newsletter_labels_pdf, name="newsletter_labels_pdf"),
    path("panel/biuletyny/<int:pk>/ponow/", views.newsletter_retry, name="newsletter_retry"),
    path("panel/biuletyny/<int:pk>/listy-wyslane/", views.newsletter_letters_posted, name="newsletter_letters_posted"),
]

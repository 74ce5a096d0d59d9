from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "popsote.demo"
    label = "demo"
    verbose_name = "Demo data"

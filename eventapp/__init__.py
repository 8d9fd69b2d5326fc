"""eventapp: seminars and forums from the first agenda draft to the attendance report."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the app: settings, extensions, blueprints, CLI and error pages."""
    from config import CONFIGS, ProductionConfig

    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    config_name = config_name or os.environ.get("EVENTAPP_CONFIG", "development")
    app.config.from_object(CONFIGS[config_name])
    app.config.update(overrides)
    if config_name == "production":
        ProductionConfig.check(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config.get("PROXY_HOPS"):
        # Behind a reverse proxy: take the client's address and scheme from the proxy's headers
        # (rate limits count per client, redirects and cookies know the site is HTTPS).
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's middleware idiom
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    _init_extensions(app)
    from eventapp.ids import IdConverter

    # Before any rule is added: every <int:…> in every blueprint gets the id bound.
    app.url_map.converters["int"] = IdConverter
    _register_blueprints(app)

    from eventapp import cli, errors, logs, request_size, security, templating

    logs.init_app(app)
    request_size.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from eventapp import database, i18n, models  # noqa: F401  (models register their tables)
    from eventapp.auth import sessions as auth_sessions
    from eventapp.extensions import babel, csrf, db, limiter, login_manager, migrate

    database.install()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.user_loader(auth_sessions.load)
    i18n.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from eventapp.agenda import bp as agenda_bp
    from eventapp.auth import bp as auth_bp
    from eventapp.badges import bp as badges_bp
    from eventapp.checkin import bp as checkin_bp
    from eventapp.feeds import bp as feeds_bp
    from eventapp.ops import bp as ops_bp
    from eventapp.portal import bp as portal_bp
    from eventapp.public import bp as public_bp
    from eventapp.registration import bp as registration_bp
    from eventapp.reports import bp as reports_bp
    from eventapp.speakers import bp as speakers_bp
    from eventapp.uploads import bp as uploads_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(agenda_bp)
    app.register_blueprint(speakers_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(ops_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(checkin_bp)
    app.register_blueprint(badges_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(portal_bp)
    app.register_blueprint(uploads_bp)
    from eventapp.manage import bp as manage_bp

    app.register_blueprint(manage_bp)
    from eventapp.programmes import bp as programmes_bp

    app.register_blueprint(programmes_bp)

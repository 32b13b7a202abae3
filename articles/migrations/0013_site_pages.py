"""The site's own pages: legal notice, privacy policy, contact (SitePage).

Created with a first French text that the newsroom completes in the admin
(the publisher's own details are placeholders in brackets); Editors may view and
change them. The privacy page
says what is stored about commenters, why, for how long, and how to have it
erased.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models


from articles.sanitize import clean_article_html

PAGES = [
    (
        "legal_notice",
        "Mentions légales",
        """<h2>Éditeur</h2>
<p>[Nom de la société éditrice], [forme juridique] au capital de [montant], immatriculée au RCS de [ville] sous le numéro [numéro]. Siège : [adresse].</p>
<p>Directeur ou directrice de la publication : [nom].</p>
<h2>Hébergement</h2>
<p>[Nom de l'hébergeur], [adresse], [téléphone].</p>
<h2>Propriété intellectuelle</h2>
<p>Les articles et les photos publiés sur ce site sont protégés par le droit d'auteur. Toute reproduction sans autorisation est interdite.</p>""",
    ),
    (
        "privacy",
        "Politique de confidentialité",
        """<h2>Ce que nous conservons quand vous commentez</h2>
<ul>
<li>le nom et, si vous le donnez, le site web que vous indiquez : ils sont publiés avec votre commentaire ;</li>
<li>votre adresse e-mail : elle n'est jamais publiée ; elle sert à vous prévenir si vous le demandez et à lutter contre les abus ;</li>
<li>l'adresse IP depuis laquelle le commentaire a été envoyé et l'identifiant de votre navigateur (user agent) : ils servent uniquement à la modération et à la lutte contre le spam.</li>
</ul>
<h2>Pourquoi</h2>
<p>Publier les commentaires des lecteurs et modérer la discussion (intérêt légitime de l'éditeur) ; vous envoyer les notifications que vous avez demandées (votre consentement, que vous pouvez retirer par le lien de désabonnement de chaque e-mail).</p>
<h2>Combien de temps</h2>
<p>Les commentaires publiés restent en ligne tant que l'article l'est. L'adresse IP et l'identifiant du navigateur enregistrés avec chaque commentaire sont effacés automatiquement au bout de 90 jours. Les commentaires refusés ou indésirables ne sont jamais publiés ; ils restent visibles des seuls modérateurs, et vous pouvez les effacer vous-même comme les autres.</p>
<h2>Vos droits</h2>
<p>Sur la page <a href="/commentaires/mes-donnees/">« Mes données »</a>, indiquez votre adresse e-mail : vous recevez un lien valable 24 heures pour voir tous vos commentaires, les télécharger (JSON) et effacer vos données. Le nom, l'adresse e-mail, le site web et l'adresse IP sont alors retirés ; le texte est supprimé ou gardé de façon anonyme, à votre choix. Chaque e-mail du site contient un lien de désabonnement, pour ce commentaire ou pour tous nos e-mails. Vous pouvez aussi écrire à [adresse de contact] ou saisir la CNIL.</p>
<h2>Cookies</h2>
<p>Ce site n'utilise aucun cookie publicitaire ni de mesure d'audience tierce. Il dépose seulement les cookies nécessaires : langue choisie, session des rédacteurs et, si vous le demandez, le souvenir de vos coordonnées pour commenter.</p>""",
    ),
    (
        "contact",
        "Contact",
        """<p>Pour écrire à la rédaction : [adresse e-mail de la rédaction].</p>
<p>Pour signaler une erreur dans un article, précisez son titre et le passage concerné.</p>
<p>Pour toute question sur vos données personnelles, voyez la politique de confidentialité.</p>""",
    ),
]
PERMISSIONS = ["change_sitepage", "view_sitepage"]


def create_site_pages(apps, schema_editor):
    db = schema_editor.connection.alias
    SitePage = apps.get_model("articles", "SitePage")
    for key, title, body in PAGES:
        SitePage.objects.using(db).get_or_create(
            key=key, defaults={"title": title, "body": body, "body_html": clean_article_html(body)}
        )
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=db)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(db).get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.using(db).filter(
            content_type__app_label="articles", codename__in=PERMISSIONS
        )
    )



class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_topics'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='SitePage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(choices=[('legal_notice', 'Legal notice'), ('privacy', 'Privacy policy'), ('contact', 'Contact')], max_length=20, unique=True, verbose_name='page')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('body', models.TextField(help_text='HTML. Sanitised on save with the editorial safelist.', verbose_name='text')),
                ('body_html', models.TextField(blank=True, editable=False, verbose_name='text as published')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last update')),
            ],
            options={
                'verbose_name': 'site page',
                'verbose_name_plural': 'site pages',
                'ordering': ['key'],
            },
        ),
        migrations.RunPython(create_site_pages, migrations.RunPython.noop),
    ]

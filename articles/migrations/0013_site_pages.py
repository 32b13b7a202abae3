"""The site's own pages: legal notice, privacy policy, contact (SitePage).

Created with a first French text that the newsroom completes in the admin
(placeholders in brackets); Editors may view and change them. The privacy page
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
<li>l'adresse IP depuis laquelle le commentaire a été envoyé : elle sert uniquement à la modération et à la lutte contre le spam.</li>
</ul>
<h2>Pourquoi</h2>
<p>Publier les commentaires des lecteurs et modérer la discussion (intérêt légitime de l'éditeur) ; vous envoyer les notifications que vous avez demandées (votre consentement, que vous pouvez retirer par le lien de désabonnement de chaque e-mail).</p>
<h2>Combien de temps</h2>
<p>Les commentaires publiés restent en ligne tant que l'article l'est. Les adresses IP et les commentaires refusés ou indésirables sont supprimés au plus tard [durée] après leur envoi.</p>
<h2>Vos droits</h2>
<p>Vous pouvez consulter, exporter ou faire effacer les données liées à votre adresse e-mail depuis la page « Mes données » (un lien vous est envoyé par e-mail), ou en écrivant à [adresse de contact]. Vous pouvez aussi saisir la CNIL.</p>
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

//! The command line's arguments (clap): commands, flags, help texts with examples.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Publie le mémoire à partir de son carnet de notes : vérification, PDF, EPUB et archive.
#[derive(Parser, Debug)]
#[command(
    name = "memoire",
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("MEMOIRE_COMMIT"), ", Typst ", env!("MEMOIRE_TYPST"), ")"),
    about = "Publie le mémoire à partir de son carnet de notes (PDF, EPUB 3, archive Markdown).",
    after_help = "Exemples :\n  memoire check                  vérifie le carnet du dossier courant\n  memoire check --project ~/memoire --strict\n  memoire build                  construit le PDF (et les autres sorties) dans dist/\n\nLe projet est le dossier qui contient content/memoire.toml : le dossier courant\nou l’un de ses parents, ou celui donné par --project."
)]
pub(crate) struct Cli {
    /// Dossier du projet (celui qui contient content/). Par défaut : le dossier courant ou un parent.
    #[arg(long, global = true, value_name = "DOSSIER", display_order = 100)]
    pub(crate) project: Option<PathBuf>,

    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Which outputs to build, and the build date (shared by `build` and `watch`).
#[derive(clap::Args, Debug)]
pub(crate) struct Which {
    /// Le PDF (dist/memoire.pdf).
    #[arg(long)]
    pdf: bool,
    /// L’EPUB 3 (dist/memoire.epub).
    #[arg(long)]
    epub: bool,
    /// L’archive Markdown datée (dist/memoire-AAAA-MM-JJ.zip), avec les sorties construites en même temps.
    #[arg(long)]
    archive: bool,
    /// Le document Word (dist/memoire.docx), pour la direction et le dépôt : ses numéros de page sont ceux du PDF.
    #[arg(long)]
    docx: bool,
    /// Date de construction, AAAA-MM-JJ (ex. : 2026-11-26).
    #[arg(long, value_name = "AAAA-MM-JJ")]
    pub(crate) date: Option<String>,
}

impl Which {
    /// The outputs asked for; with no flag, PDF and EPUB, and the archive when `archive_by_default`.
    pub(crate) fn outputs(&self, archive_by_default: bool) -> memoire::write::Outputs {
        let none = !self.pdf && !self.epub && !self.archive && !self.docx;
        memoire::write::Outputs {
            pdf: self.pdf || none,
            epub: self.epub || none,
            docx: self.docx,
            archive: self.archive || (none && archive_by_default),
        }
    }
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Crée un nouveau mémoire prêt à construire : réglages commentés, table des matières, notes d’exemple.
    #[command(
        after_help = "Exemples :\n  memoire init these                       crée le dossier these/ et son mémoire\n  memoire init these --presentation uqam --titre \"Mon titre\" --auteur \"Prénom Nom\"\n  cd these && memoire build               le PDF, l’EPUB et l’archive dans dist/\n\nRien n’est écrit par-dessus un fichier qui existe. Les styles (gabarit du PDF, feuille de\nstyle de l’EPUB) sont intégrés au programme : `memoire styles` en écrit une copie à modifier."
    )]
    Init {
        /// Le dossier du nouveau mémoire (créé s’il n’existe pas ; par défaut : le dossier courant).
        #[arg(value_name = "DOSSIER")]
        dir: Option<PathBuf>,
        /// Les règles de présentation : standard, uqam ou laval.
        #[arg(long, value_name = "NOM", default_value = "standard")]
        presentation: String,
        /// Le titre du mémoire.
        #[arg(long, value_name = "TITRE", default_value = "Titre du mémoire")]
        titre: String,
        /// Votre nom.
        #[arg(long, value_name = "NOM", default_value = "Prénom Nom")]
        auteur: String,
    },
    /// Écrit dans styles/ une copie des styles intégrés (gabarit du PDF, feuille de style de l’EPUB), pour les modifier.
    #[command(
        after_help = "Exemple :\n  memoire styles      écrit styles/memoire.typ et styles/epub.css s’ils n’existent pas\n\nUn fichier de styles/ remplace le style intégré du même nom ; memoire check dit lesquels\nsont remplacés. Aucun fichier existant n’est remplacé."
    )]
    Styles,
    /// Vérifie le carnet : table des matières, notes, liens, notes de bas de page ; affiche un bilan.
    #[command(
        after_help = "Exemples :\n  memoire check\n  memoire check --strict          les avertissements deviennent des erreurs\n  memoire check --verbose         liste aussi les entrées de la bibliographie jamais citées\n\nCode de sortie : 0 sans erreur, 1 s’il y a au moins une erreur."
    )]
    Check {
        /// Traite les avertissements comme des erreurs (ex. : notes manquantes par rapport à expected_notes).
        #[arg(long)]
        strict: bool,
        /// Détaille aussi ce que le bilan résume (les entrées de la bibliographie jamais citées).
        #[arg(long, short)]
        verbose: bool,
    },
    /// Construit les sorties dans dist/ (par défaut : toutes). Rien n’est remplacé si la construction échoue.
    #[command(
        after_help = "Exemples :\n  memoire build                   construit tout (dist/memoire.pdf …)\n  memoire build --pdf --date 2026-11-26\n  memoire build --pdf --epub --docx --archive   tout, et le document Word\n  memoire build --strict          refuse les avertissements et les notes à importer\n\nDate de construction : --date, sinon SOURCE_DATE_EPOCH, sinon aujourd’hui. Mêmes sources\net même date donnent des fichiers identiques à l’octet près."
    )]
    Build {
        #[command(flatten)]
        which: Which,
        /// Traite les avertissements comme des erreurs et refuse les notes à importer.
        #[arg(long)]
        strict: bool,
        /// N’affiche que les erreurs et les avertissements.
        #[arg(long, short)]
        quiet: bool,
        /// Affiche le temps de chaque étape (chargement, Typst, export PDF, écriture).
        #[arg(long)]
        timings: bool,
    },
    /// Reconstruit les sorties à chaque modification d’une note, de la bibliographie ou du gabarit.
    #[command(
        after_help = "Exemples :\n  memoire watch                 reconstruit le PDF et l’EPUB à chaque enregistrement\n  memoire watch --pdf           seulement le PDF (le plus rapide)\n\nCtrl+C pour arrêter. Une modification qui casse la construction affiche les erreurs et\nlaisse les sorties précédentes intactes."
    )]
    Watch {
        #[command(flatten)]
        which: Which,
        /// Détaille le temps de chaque étape (lecture, Typst, export PDF, écriture).
        #[arg(long, short)]
        verbose: bool,
        /// S’arrête après N reconstructions (pour les scripts de mesure).
        #[arg(long, value_name = "N", hide = true)]
        max_rebuilds: Option<usize>,
    },
    /// Aperçu dans le navigateur, mis à jour à chaque enregistrement (rien n’est écrit).
    #[command(
        after_help = "Exemples :\n  memoire preview                  ouvre l’aperçu dans le navigateur\n  memoire preview --note 4.13      l’ouvre à la page de la note 4.13\n  memoire preview --no-open        affiche seulement l’adresse (http://127.0.0.1:4713/)\n\nÀ chaque enregistrement, seules les pages changées sont redessinées ; une erreur s’affiche\nen bandeau (fichier:ligne), les dernières pages correctes restant visibles. Un clic sur un mot\ndonne sa note, sa ligne et sa colonne. L’aperçu ne répond qu’à cet ordinateur (127.0.0.1).\nPour écrire le PDF et l’EPUB à chaque enregistrement : memoire watch. Ctrl+C pour arrêter."
    )]
    Preview {
        /// Port local (par défaut le premier libre à partir de 4713 ; 0 : n’importe lequel).
        #[arg(long, value_name = "PORT")]
        port: Option<u16>,
        /// N’ouvre pas le navigateur (l’adresse est affichée).
        #[arg(long)]
        no_open: bool,
        /// Ouvre l’aperçu à la page de cette note (numéro, p. ex. 4.13, ou nom de fichier).
        #[arg(long, value_name = "NOTE")]
        note: Option<String>,
        /// Date de construction, AAAA-MM-JJ (ex. : 2026-11-26).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: Option<String>,
        /// Détaille le temps de chaque étape.
        #[arg(long, short)]
        verbose: bool,
        /// S’arrête après N reconstructions (pour les scripts de mesure et les tests).
        #[arg(long, value_name = "N", hide = true)]
        max_rebuilds: Option<usize>,
    },
    /// Importe des notes depuis des copies de leurs pages En commun (texte copié du navigateur).
    #[command(
        after_help = "Exemples :\n  memoire import ~/copies/4.13.txt --url https://praxis.encommun.io/n/KLib74vGxw39K3YVXsBHXOqrlMA/\n  memoire import --dry-run ~/copies/*.txt     montre les changements sans rien écrire\n  memoire import --force ~/copies/4.13.txt    remplace une note qui a déjà du texte (copie dans sauvegardes/)\n  memoire import ~/copies/*.txt              importe toutes les pages, une ligne par page et un total\n\nLa note est reconnue par son numéro et son titre (ou par --url). Une note absente de la table\ndes matières y est ajoutée à sa place numérique, avec son fichier. Une copie qui s’arrête avant\nla fin de la page est refusée, sauf avec --partial. Aucun texte remplacé n’est perdu : l’ancien\nfichier (et l’ancienne table des matières) sont gardés dans sauvegardes/."
    )]
    Import {
        /// Les copies de pages (texte UTF-8).
        #[arg(value_name = "FICHIER", required = true)]
        files: Vec<PathBuf>,
        /// Adresse de la page sur la plateforme, notée dans l’en-tête (un seul fichier).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Affiche les changements (diff) sans rien écrire.
        #[arg(long)]
        dry_run: bool,
        /// Remplace une note qui a déjà du texte ; l’ancien fichier est gardé dans sauvegardes/.
        #[arg(long)]
        force: bool,
        /// Importe une copie incomplète (sans « Suite : » ni pied de page) : la note est marquée partielle.
        #[arg(long)]
        partial: bool,
        /// Date d’importation notée dans l’en-tête, AAAA-MM-JJ (par défaut : aujourd’hui).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: Option<String>,
    },
    /// Lit la relecture d’un document Word renvoyé (commentaires, modifications suivies) et la place dans les notes.
    #[command(
        after_help = "Exemples :\n  memoire revision relu-par-la-direction.docx\n  memoire revision relu.docx --markdown dist/a-traiter.md   la liste à cocher, en Markdown\n  memoire revision relu.docx --appliquer    accepte les modifications suivies dans les notes\n\nLe document doit venir de memoire build --docx (Word ou LibreOffice l’ont enregistré\nensuite) : chaque paragraphe y porte une ancre qui mène à sa note. Chaque commentaire (avec\nses réponses) et chaque modification suivie est donné à sa note, fichier:ligne:colonne ;\nun passage que la note ne contient plus tel quel est placé à son paragraphe, signalé.\nSans --appliquer, rien n’est écrit ; avec, chaque note modifiée est d’abord gardée dans\nsauvegardes/, et une modification sur un passage changé depuis l’envoi est refusée."
    )]
    Revision {
        /// Le document Word renvoyé (.docx).
        #[arg(value_name = "RETOUR.docx")]
        file: PathBuf,
        /// Écrit aussi la liste des remarques à traiter (Markdown, CriticMarkup), hors des sources.
        #[arg(long, value_name = "FICHIER.md")]
        markdown: Option<PathBuf>,
        /// Affiche les remarques en JSON (pour les outils).
        #[arg(long)]
        json: bool,
        /// Accepte les modifications suivies dans les notes, là où le passage se lit encore comme dans le document envoyé (chaque note est d’abord gardée dans sauvegardes/).
        #[arg(long)]
        appliquer: bool,
    },
    /// Vérifie une archive : chaque fichier contre son empreinte SHA-256 du manifeste.
    #[command(
        after_help = "Exemple :\n  memoire verify dist/memoire-2026-11-26.zip\n\nCode de sortie : 0 si l’instantané est intact, 1 sinon (fichier manquant, ajouté ou modifié)."
    )]
    Verify {
        /// L’archive à vérifier.
        #[arg(value_name = "ARCHIVE.zip")]
        archive: PathBuf,
    },
    /// Ce qui a changé entre deux instantanés : notes ajoutées, retirées, déplacées, renommées, modifiées (mot à mot).
    #[command(
        after_help = "Exemples :\n  memoire diff dist/memoire-2026-11-01.zip             l’archive du 1er novembre contre content/\n  memoire diff dist/memoire-2026-11-01.zip dist/memoire-2026-12-15.zip\n  memoire diff dist/memoire-2026-11-01.zip --pdf corrections.pdf\n  memoire diff ancien/ --json > changements.json\n\nANCIEN et NOUVEAU sont des archives datées (vérifiées comme par memoire verify) ou des\ndossiers de projet ; NOUVEAU est par défaut le projet courant. Sur un terminal, les\nretraits sont en rouge barré et les ajouts en vert souligné ; sinon [-retrait-]{+ajout+}.\nUne espace insécable retapée en espace simple n’est pas un changement.\n\nCode de sortie : 0 quand la comparaison a été faite (même s’il y a des changements), 1 sinon."
    )]
    Diff {
        /// L’ancienne version : archive .zip ou dossier de projet.
        #[arg(value_name = "ANCIEN", display_order = 1)]
        old: PathBuf,
        /// La nouvelle version (par défaut : le projet courant).
        #[arg(value_name = "NOUVEAU", display_order = 2)]
        new: Option<PathBuf>,
        /// Écrit aussi un PDF des notes changées (ajouts soulignés, retraits barrés) et du tableau des corrections.
        #[arg(long, value_name = "FICHIER.pdf")]
        pdf: Option<PathBuf>,
        /// Écrit aussi le rapport en Markdown (marques CriticMarkup {--…--}{++…++}).
        #[arg(long, value_name = "FICHIER.md")]
        markdown: Option<PathBuf>,
        /// Imprime le rapport en JSON (pour les outils) au lieu du texte.
        #[arg(long)]
        json: bool,
        /// Date imprimée dans le PDF, AAAA-MM-JJ (par défaut : celle de la construction).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: Option<String>,
    },
}

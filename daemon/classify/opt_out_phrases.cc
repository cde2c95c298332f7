#include "classify/opt_out_phrases.h"

namespace draftbox {
namespace {

constexpr OptOutVerdict kOptOut = OptOutVerdict::kOptOut;
constexpr OptOutVerdict kPossible = OptOutVerdict::kPossible;
constexpr bool kNegatable = true;
constexpr bool kFixed = false;  // the negation is part of the request ("do not contact me")

OptOutLanguageTable English() {
  return {
      .code = "en",
      .word_sets =
          {{"mail",
            "email|emails|mail|mails|message|messages|newsletter|newsletters|mailing|mailings|"
            "spam|marketing|offers|updates|promotions"},
           {"sendverb",
            "emailing|mailing|messaging|contacting|sending|writing|spamming|bothering|pestering|"
            "harassing|reaching|emails|messages"},
           {"contactverb", "contact|email|mail|message|write|spam|bother|pester"},
           {"personal",
            "email|emails|address|addresses|details|data|name|information|info|contact|record"},
           {"list",
            "list|lists|records|database|databases|system|crm|contacts|file|files|register|"
            "mailing|distribution|newsletter"},
           {"removeverb", "remove|delete|erase|drop|unlist|purge"},
           {"removed", "removed|deleted|erased|dropped|taken|unlisted|purged"}},
      .rules = {{"unsubscrib*|unsub", kOptOut, kNegatable},
                {"opt ..1 out", kOptOut, kNegatable},
                {"optout|optouts", kOptOut, kNegatable},
                {"@removeverb me|us|myself", kOptOut, kNegatable},
                {"@removeverb ..1 my|our ..2 @personal", kOptOut, kNegatable},
                {"@removed ..2 from ..3 @list", kOptOut, kNegatable},
                {"@removed ..1 off ..3 @list", kOptOut, kNegatable},
                {"take|get me|us|myself ..1 off", kOptOut, kNegatable},
                {"take|get my|our ..2 off", kOptOut, kNegatable},
                {"off your|the|this|these|all|any ..2 @list", kOptOut, kNegatable},
                {"stop|quit|cease @sendverb", kOptOut, kNegatable},
                {"stop|quit|cease ..2 @mail", kOptOut, kNegatable},
                {"no|any ..1 more|further|additional ..2 @mail|contact", kOptOut, kFixed},
                {"no longer ..3 receive|hear|contacted|emailed|contact|email|receiving", kOptOut,
                 kFixed},
                {"dont|not|never ..1 @contactverb me|us", kOptOut, kFixed},
                {"dont|not|never ..1 @contactverb ..2 again|anymore", kOptOut, kFixed},
                {"dont|not ..1 want|wish ..4 @mail|contacted|hear", kOptOut, kFixed},
                {"object|objection to ..4 processing|use|marketing", kOptOut, kFixed},
                {"leave me|us alone", kPossible, kFixed},
                {"not|no|never ..1 interested|interest", kPossible, kFixed}},
      .second_thoughts = {"keep me|us ..1 on|in|subscribed", "still ..2 want|like|receive|hear",
                          "by mistake|accident", "accidentally|mistakenly",
                          "new|other|different|correct ..1 address|email",
                          "use this|my ..2 address|email|one", "from now on"},
      .negators = "not|dont|never|didnt|doesnt|without|wont|cant|shouldnt|neednt",
      .negation_skip =
          "want|wish|need|mean|meant|to|be|me|us|please|ever|like|would|id|i|get|ask|asked|"
          "request|requested|try|tried|trying|have|has|you|yet|plan|intend|intended|just",
      .exclusions =
          "reminder|reminders|invite|invites|invitation|invitations|meeting|calendar|attendee|"
          "booking|notifications|alerts|invoice|invoices",
      .bare_words = "stop|remove|enough",
      .courtesy = "please|pls|plz|thanks|thank|you|now|it|just|ok|asap",
  };
}

OptOutLanguageTable German() {
  return {
      .code = "de",
      .word_sets =
          {{"mail",
            "email|emails|mail|mails|nachricht|nachrichten|newsletter|werbung|werbemails|"
            "zusendung|zusendungen|post|anrufe|angebote|infos|informationen|kontaktaufnahme|"
            "kontaktaufnahmen|anfragen"},
           {"list",
            "verteiler|verteilerliste|emailverteiler|liste|listen|mailingliste|datenbank|kartei|"
            "adressliste|unterlagen|system|crm|newsletter|adressbestand|datei|kontaktliste"},
           {"contact",
            "kontaktieren|kontaktiert|anschreiben|angeschrieben|schreiben|mailen|anmailen|"
            "angemailt|anrufen|belastigen|belastigt|zuschicken|zusenden|senden|schicken|"
            "zugeschickt|zugesandt"},
           {"removeverb",
            "entfernen|entfernt|loschen|loscht|geloscht|streichen|gestrichen|nehmen|genommen|"
            "austragen|ausgetragen"},
           {"delverb", "entfernen|entfernt|loschen|loeschen|streichen|austragen"},
           {"personal",
            "daten|adresse|emailadresse|mailadresse|kontaktdaten|email|angaben|eintrag|namen|"
            "informationen"}},
      .rules = {{"abmelden|abbestellen|austragen|abmeldung|abbestellung|austragung|abzumelden|"
                 "auszutragen|abgemeldet|ausgetragen|abbestellt",
                 kOptOut, kNegatable},
                {"melden|meld ..3 ab", kOptOut, kNegatable},
                {"tragen|trag ..4 aus", kOptOut, kNegatable},
                {"bestellen ..3 ab", kOptOut, kNegatable},
                {"@removeverb ..3 aus|von ..2 @list", kOptOut, kNegatable},
                {"aus|von ..2 @list ..3 @removeverb", kOptOut, kNegatable},
                {"@delverb ..2 mich|uns", kOptOut, kNegatable},
                {"mich|uns ..3 @delverb", kOptOut, kNegatable},
                {"@delverb ..3 meine|unsere ..1 @personal", kOptOut, kNegatable},
                {"meine|unsere ..1 @personal ..4 @delverb", kOptOut, kNegatable},
                {"keine ..2 @mail ..1 mehr", kOptOut, kFixed},
                {"keine|nie weiteren|weitere ..1 @mail", kOptOut, kFixed},
                {"nicht mehr ..3 @contact", kOptOut, kFixed},
                {"@contact ..4 nicht mehr", kOptOut, kFixed},
                {"nie wieder ..3 @contact", kOptOut, kFixed},
                {"@contact ..4 nie wieder", kOptOut, kFixed},
                {"horen|hort ..3 auf ..4 @contact", kOptOut, kNegatable},
                {"aufhoren|aufzuhoren ..4 @contact", kOptOut, kNegatable},
                {"stellen ..3 @mail ..2 ein", kOptOut, kNegatable},
                {"widerspreche|widerspruch|widersprechen ..5 daten|verwendung|nutzung|verarbeitung|"
                 "werbung|kontaktaufnahme|werbezwecken",
                 kOptOut, kFixed},
                {"kein|keinerlei interesse|bedarf", kPossible, kFixed},
                {"nicht interessiert", kPossible, kFixed},
                {"lassen ..2 mich|uns ..2 in ruhe", kPossible, kFixed}},
      .second_thoughts = {"weiter|weiterhin ..2 bekommen|erhalten|lesen|informiert",
                          "versehentlich", "aus versehen", "neue ..1 adresse|emailadresse|email",
                          "stattdessen"},
      .negators = "nicht|nie|niemals|keinesfalls",
      .negation_skip =
          "bitte|mich|sie|uns|mir|doch|auf|jetzt|noch|zu|will|mochte|mochten|wollte|"
          "keinen|fall|ich|wir|gar",
      .exclusions =
          "erinnerung|terminerinnerung|einladung|einladungen|termin|teilnehmer|"
          "anmeldung|rechnung|rechnungen",
      .bare_words = "stop|stopp|abmelden|austragen",
      .courtesy = "bitte|danke|jetzt|sofort|sie|es|endlich",
  };
}

OptOutLanguageTable French() {
  return {
      .code = "fr",
      .word_sets =
          {{"mail",
            "mail|mails|email|emails|courriel|courriels|message|messages|newsletter|newsletters|"
            "lettre|lettres|sollicitation|sollicitations|publicite|publicites|offres|relance|"
            "relances|envois|prospection|communications"},
           {"list",
            "liste|listes|fichier|fichiers|base|bases|diffusion|mailing|registre|contacts|"
            "annuaire|crm|systeme"},
           {"contact",
            "ecrire|ecrivez|contacter|contactez|contacte|contactee|envoyer|envoyez|recevoir|"
            "solliciter|sollicitez|sollicite|sollicitee|relancer|relancez|appeler|appelez|"
            "ecrit|envoie|mailer"},
           {"removeverb",
            "retirer|retirez|supprimer|supprimez|effacer|effacez|enlever|enlevez|radier|radiez|"
            "desinscrire|desinscrivez|oter|otez"},
           {"personal",
            "coordonnees|donnees|adresse|adresses|contact|nom|email|mail|courriel|informations|"
            "fiche"}},
      .rules = {{"desabonn*|desinscri*", kOptOut, kNegatable},
                {"ne|n ..2 plus ..3 @contact", kOptOut, kFixed},
                {"ne|n ..2 @contact ..2 plus", kOptOut, kFixed},
                {"ne|n ..3 plus de|d ..1 @mail", kOptOut, kFixed},
                {"^ plus de|d ..1 @mail", kOptOut, kFixed},
                {"@removeverb moi|nous", kOptOut, kNegatable},
                {"me|m|nous @removeverb ..1 de|des|du ..3 @list", kOptOut, kNegatable},
                {"@removeverb ..1 mes|mon|ma|nos|notre ..1 @personal", kOptOut, kNegatable},
                {"arret*|cess*|stoppez|stopper ..1 de|d ..2 @contact", kOptOut, kNegatable},
                {"arretez|arreter|cessez|cesser|stoppez ..2 @mail", kOptOut, kNegatable},
                {"oppose|opposition ..4 traitement|utilisation|prospection|donnees", kOptOut,
                 kFixed},
                {"pas ..1 interesse|interessee|interesses|interessant|interet", kPossible, kFixed},
                {"interesse|interessent ..1 pas", kPossible, kFixed},
                {"laissez ..2 moi|nous ..1 tranquille|tranquilles", kPossible, kFixed}},
      .second_thoughts = {"par erreur|megarde", "continuer ..2 recevoir",
                          "toujours ..2 recevoir|interesse|interessee", "nouvelle adresse",
                          "garder|gardez ..3 liste"},
      .negators = "ne|n|pas|jamais|aucunement",
      .negation_skip =
          "me|m|nous|vous|pas|surtout|veux|voulais|voudrais|souhaite|souhaitais|"
          "besoin|de|d|etre|svp|merci|faut|il|j|je",
      .exclusions =
          "rappel|rappels|invitation|invitations|reunion|participant|inscription|"
          "facture|factures|rendez",
      .bare_words = "stop|arretez|stoppez|desabonnement",
      .courtesy = "svp|stp|merci|s|il|vous|plait|maintenant",
  };
}

OptOutLanguageTable Spanish() {
  return {
      .code = "es",
      .word_sets =
          {{"mail",
            "correo|correos|email|emails|mail|mails|mensaje|mensajes|boletin|boletines|"
            "newsletter|publicidad|promociones|comunicaciones|ofertas|informacion"},
           {"list",
            "lista|listas|base|bases|datos|registro|registros|sistema|crm|difusion|distribucion|"
            "contactos|envios|fichero"},
           {"contactinf",
            "enviar*|escribir*|contactar*|mandar*|molestar*|llamar*|enviando|"
            "escribiendo|mandando"},
           {"contactsubj",
            "contacten|contacte|contactes|escriban|escriba|escribas|envien|envie|manden|mande|"
            "molesten|moleste|vuelvan|vuelva|llamen|sigan"},
           {"removeverb",
            "borren|borrar|borre|eliminen|eliminar|elimine|quiten|quitar|quite|supriman|"
            "suprimir|saquen|sacar|excluyan|excluir|retiren|retirar"},
           {"removeme",
            "eliminenme|eliminarme|elimineme|borrenme|borrarme|borreme|quitenme|quitarme|"
            "quiteme|saquenme|sacarme|saqueme|excluyanme|excluirme|retirenme|retirarme|"
            "eliminadme|borradme|quitadme|sacadme"},
           {"personal", "datos|correo|direccion|email|contacto|nombre|informacion|mail"}},
      .rules = {{"de|la|mi baja", kOptOut, kNegatable},
                {"dejen|deje|dejad|deja|dejar|paren|pare|parad ..1 de ..2 @contactinf", kOptOut,
                 kNegatable},
                {"no ..1 me|nos @contactsubj", kOptOut, kFixed},
                {"no ..2 quiero|deseo|quisiera|queremos|deseamos|quiere ..2 recibir|recibiendo ..3 "
                 "@mail",
                 kOptOut, kFixed},
                {"no ..2 quiero|deseo|quisiera|queremos|deseamos ..2 ser contactad*", kOptOut,
                 kFixed},
                {"no|ningun|ninguno|ninguna mas ..1 @mail", kOptOut, kFixed},
                {"@removeme", kOptOut, kNegatable},
                {"@removeverb ..1 mis|mi|nuestros|nuestra ..1 @personal", kOptOut, kNegatable},
                {"me|nos @removeverb ..3 de ..2 @list", kOptOut, kNegatable},
                {"opongo|oposicion ..4 tratamiento|uso|datos", kOptOut, kFixed},
                {"no ..1 me|nos interesa|interesan", kPossible, kFixed},
                {"no ..1 estoy|estamos interesad*", kPossible, kFixed},
                {"dejen|dejenme ..2 en paz", kPossible, kFixed}},
      .second_thoughts = {"por error|equivocacion", "sigo|seguir ..2 interesad*|recibiendo|recibir",
                          "nueva direccion", "nuevo correo"},
      // "Estoy de baja" is "I am on leave": a verb of being before "de baja" negates the
      // request as "no" does.
      .negators = "no|nunca|jamas|estoy|esta|estare|estuve|estaba",
      .negation_skip =
          "me|nos|te|le|por|favor|den|de|quiero|quisiera|deseo|la|mi|que|darme|dar|doy|deme|"
          "denme|des|se|ya",
      .exclusions =
          "recordatorio|recordatorios|invitacion|invitaciones|reunion|asistente|"
          "inscripcion|factura|facturas|medica|maternidad|paternidad|laboral|"
          "enfermedad",
      .bare_words = "baja|stop|basta",
      .courtesy = "por|favor|gracias|ya|porfa|ahora",
  };
}

}  // namespace

const std::vector<OptOutLanguageTable>& OptOutLanguageTables() {
  static const std::vector<OptOutLanguageTable> kTables = {English(), German(), French(),
                                                           Spanish()};
  return kTables;
}

}  // namespace draftbox

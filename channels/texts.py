"""What the gateway itself says to a person, in easy Swedish and English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "unavailable": {
        "sv": (
            "Assistenten fungerar inte just nu. Försök igen om en stund. "
            "Om det är akut, ring 112. För råd om vård, ring 1177."
        ),
        "en": (
            "The assistant is not working right now. Please try again in a while. "
            "If it is an emergency, call 112. For health advice, call 1177."
        ),
    },
    "empty": {
        "sv": "Skriv ett meddelande först.",
        "en": "Please write a message first.",
    },
    "too_long": {
        "sv": "Meddelandet är för långt. Skriv högst {limit} tecken.",
        "en": "The message is too long. Please write at most {limit} characters.",
    },
    "body_too_large": {
        "sv": "Det du skickade är för stort.",
        "en": "What you sent is too large.",
    },
    "bad_request": {
        "sv": "Vi kunde inte läsa det du skickade. Försök igen.",
        "en": "We could not read what you sent. Please try again.",
    },
    "bad_language": {
        "sv": "Välj språk: sv för svenska eller en för engelska.",
        "en": "Choose a language: sv for Swedish or en for English.",
    },
    "unauthorized": {
        "sv": "Du behöver logga in med en giltig personalnyckel.",
        "en": "You need to log in with a valid staff key.",
    },
    "method_not_allowed": {
        "sv": "Det går inte att göra så här på den här adressen.",
        "en": "This cannot be done at this address.",
    },
    "conflict": {
        "sv": "Det går inte just nu. Ärendet har en annan status.",
        "en": "This is not possible now. The case has another status.",
    },
    "unknown_conversation": {
        "sv": "Vi hittar inte samtalet. Börja ett nytt samtal.",
        "en": "We cannot find this conversation. Please start a new one.",
    },
    "speech_unavailable": {
        "sv": "Uppläsning fungerar inte just nu. Texten finns kvar på sidan.",
        "en": "Reading aloud is not working right now. The text is still on the page.",
    },
    "stt_unavailable": {
        "sv": "Tal går inte att använda här. Skriv ditt meddelande i stället.",
        "en": "Speaking is not available here. Please write your message instead.",
    },
    "empty_audio": {"sv": "Vi hörde inget. Försök igen.", "en": "We heard nothing. Please try again."},
    "bad_audio": {
        "sv": "Vi kunde inte höra vad du sa. Försök igen eller skriv.",
        "en": "We could not hear what you said. Please try again or write.",
    },
    "not_found": {
        "sv": "Sidan finns inte.",
        "en": "The page does not exist.",
    },
}


def text(key: str, language: str, **values: object) -> str:
    variants = TEXTS[key]
    return variants.get(language, variants["sv"]).format(**values)


SMS_TEXTS: dict[str, dict[str, str]] = {
    "stopped": {
        "sv": "Du får inga fler sms från oss. Skicka START om du vill börja igen.",
        "en": "You will get no more text messages from us. Send START to begin again.",
    },
    "help": {
        "sv": "Det här är vårdens och kommunens digitala assistent. Skriv med egna ord, till exempel "
        '"boka tid" eller "ont i halsen". Skicka STOPP för att sluta få sms. Vid fara för liv: ring 112.',
        "en": "This is the digital assistant for health and social care. Write in your own words, for "
        'example "book a visit" or "sore throat". Send STOP to get no more texts. If a life is in '
        "danger: call 112.",
    },
}

VOICE_TEXTS: dict[str, dict[str, str]] = {
    "choose_language": {"sv": "Hej! För svenska, tryck 1.", "en": "For English, press 2."},
    "press": {"sv": "Tryck {number} för {title}.", "en": "Press {number} for {title}."},
    "options": {
        "sv": "Tryck 9 för att höra igen. Tryck 0 för att prata med en människa.",
        "en": "Press 9 to hear it again. Press 0 to talk to a person.",
    },
    "keypad": {
        "sv": "Du kan också knappa in siffrorna och avsluta med fyrkant.",
        "en": "You can also key in the digits and end with the hash key.",
    },
    "goodbye": {
        "sv": "Vi hör inget svar. Ring gärna igen. Om det är akut, ring 112. Hej då.",
        "en": "We cannot hear an answer. Please call again. If it is an emergency, call 112. Goodbye.",
    },
    "connecting": {"sv": "Jag kopplar dig till en människa.", "en": "I am connecting you to a person."},
    "no_human": {
        "sv": "Just nu kan jag inte koppla dig. För vård, ring 1177. Om det är akut, ring 112.",
        "en": "I cannot connect you right now. For health care, call 1177. If it is an emergency, call 112.",
    },
}

PAGE: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Assistenten för vård och omsorg",
        "skip": "Hoppa till chatten",
        "skip_main": "Hoppa till innehållet",
        "intro": "Här kan du få råd om symtom, boka tid och söka stöd från kommunen. Skriv en fråga i taget.",
        "log_label": "Samtalet",
        "input_label": "Ditt meddelande",
        "send": "Skicka",
        "listen": "Lyssna",
        "talk": "Tala",
        "stop_talking": "Sluta spela in",
        "autoread": "Läs upp nya svar",
        "listen_hint": "Tryck Alt och L för att höra det senaste svaret igen.",
        "choices": "Eller välj ett svar:",
        "you": "Du",
        "bot": "Assistenten",
        "switch": "In English",
        "switch_lang": "en",
        "emergency": "Vid akut fara för liv: ring 112.",
        "error": "Något gick fel. Försök igen.",
        "settings": "Inställningar",
        "text_size": "Textstorlek",
        "size_100": "Normal",
        "size_150": "Stor",
        "size_200": "Störst",
        "contrast": "Hög kontrast",
        "save": "Spara eller skriv ut",
        "summary_title": "Sammanfattning av samtalet",
        "summary_intro": "Här är det viktigaste från samtalet. Du kan spara sidan eller skriva ut den.",
        "summary_empty": "Det finns inget att spara än. Här syns råd och bokningar när du har fått dem.",
        "summary_print": "Skriv ut",
        "summary_print_help": "Du kan också skriva ut med tangenterna Ctrl och P.",
        "summary_back": "Tillbaka till chatten",
        "summary_advice": "Råd",
        "summary_level": "Hur bråttom",
        "booking_reference": "Bokningsnummer",
        "application_reference": "Ärendenummer",
        "level_emergency_call": "Ring 112 nu.",
        "level_emergency_visit": "Åk till en akutmottagning nu.",
        "level_same_day": "Kontakta vården i dag.",
        "level_routine": "Boka en tid inom några dagar eller veckor.",
        "level_self_care": "Du kan ta hand om det själv.",
    },
    "en": {
        "title": "The care assistant",
        "skip": "Skip to the chat",
        "skip_main": "Skip to the content",
        "intro": (
            "Here you can get advice about symptoms, book a visit and apply for help from the municipality. "
            "Write one question at a time."
        ),
        "log_label": "The conversation",
        "input_label": "Your message",
        "send": "Send",
        "listen": "Listen",
        "talk": "Speak",
        "stop_talking": "Stop recording",
        "autoread": "Read new answers aloud",
        "listen_hint": "Press Alt and L to hear the latest answer again.",
        "choices": "Or choose an answer:",
        "you": "You",
        "bot": "Assistant",
        "switch": "På svenska",
        "switch_lang": "sv",
        "emergency": "If a life is in danger: call 112.",
        "error": "Something went wrong. Please try again.",
        "settings": "Settings",
        "text_size": "Text size",
        "size_100": "Normal",
        "size_150": "Large",
        "size_200": "Largest",
        "contrast": "High contrast",
        "save": "Save or print",
        "summary_title": "Summary of the chat",
        "summary_intro": "Here is what matters most from the chat. You can save this page or print it.",
        "summary_empty": "There is nothing to save yet. Advice and bookings show up here when you get them.",
        "summary_print": "Print",
        "summary_print_help": "You can also print with the keys Ctrl and P.",
        "summary_back": "Back to the chat",
        "summary_advice": "Advice",
        "summary_level": "How soon",
        "booking_reference": "Booking number",
        "application_reference": "Case number",
        "level_emergency_call": "Call 112 now.",
        "level_emergency_visit": "Go to an emergency room now.",
        "level_same_day": "Contact health care today.",
        "level_routine": "Book a visit within a few days or weeks.",
        "level_self_care": "You can take care of it yourself.",
    },
}

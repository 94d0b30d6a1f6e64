"""Named entities: rule- and gazetteer-based extraction, alias merging, the corpus entity index.

No model download: capitalised sequences are found with regular expressions, then typed with
gazetteers (places, nationalities, organisations, first names) and cues (titles such as "Mr" or
"President", organisation and place suffixes, role nouns such as "sculptor"). Aliases merge within
a document ("Rutte" -> "Mark Rutte", "WSJ" -> "Wall Street Journal") and across the corpus.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tui.core.models import Corpus, Document
from tui.core.text import fold

TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT")

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


# --------------------------------------------------------------------------------------------
# Gazetteers. Each line: "Canonical Name|alias|alias". Aliases map to the canonical name.
# --------------------------------------------------------------------------------------------

_COUNTRIES = """
Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Australia|Austria
Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia
Bosnia and Herzegovina|Bosnia|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia
Cameroon|Canada|Chad|Chile|China|Colombia|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic
Czechia|Denmark|Djibouti|Dominican Republic|Ecuador|Egypt|El Salvador|Eritrea|Estonia|Ethiopia
Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guyana
Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast
Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho
Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta
Mauritania|Mauritius|Mexico|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Burma
Namibia|Nepal|New Zealand|Nicaragua|Niger|Nigeria|North Korea|North Macedonia|Macedonia|Norway
Oman|Pakistan|Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar
Romania|Rwanda|Saudi Arabia|Senegal|Serbia|Sierra Leone|Singapore|Slovakia|Slovenia|Somalia
South Africa|South Korea|Korea|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland
Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|Tonga|Trinidad and Tobago|Tunisia|Turkey
Turkmenistan|Uganda|Ukraine|Uruguay|Uzbekistan|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe
Puerto Rico|Greenland|Hong Kong|Macau|Tibet|Gibraltar|Chechnya|Crimea|Donbas|Donbass
Nagorno-Karabakh|Kashmir|Gaza|West Bank|Catalonia|Scotland|England|Wales|Northern Ireland
Great Britain|Transnistria|Abkhazia|Kurdistan|Darfur|Bavaria|Quebec|Ontario|Siberia
"""
# Countries with aliases (one per line).
_COUNTRY_ALIASES = """
United States|US|U.S.|USA|U.S.A.|America|United States of America
United Kingdom|UK|U.K.|Britain
Russia|Russian Federation
Netherlands|Netherland|Holland|the Netherlands
Czech Republic|Czechia
Ivory Coast|Cote d'Ivoire
United Arab Emirates|UAE
Democratic Republic of Congo|DRC|DR Congo
Vatican|Holy See
Armenia|Republic of Armenia
"""

_CITIES = """
London|Paris|Berlin|Madrid|Rome|Moscow|Kyiv|Kiev|Kharkiv|Odesa|Odessa|Mariupol|Lviv|Warsaw|Vienna
Brussels|Amsterdam|The Hague|Lisbon|Dublin|Edinburgh|Glasgow|Cardiff|Belfast|Manchester|Liverpool
Birmingham|Leeds|Sheffield|Bristol|Newcastle|Nottingham|Leicester|Southampton|Brighton|Blackpool
Bournemouth|Oxford|Cambridge|Aberdeen|Dundee|Swansea|Kent|Surrey|Essex|Yorkshire|Cornwall|Devon
Washington|New York|New York City|Los Angeles|Chicago|Boston|San Francisco|Seattle|Houston
Dallas|Miami|Atlanta|Detroit|Philadelphia|Las Vegas|Hollywood|Silicon Valley|Texas|California
Florida|Ohio|Michigan|Virginia|Massachusetts|Illinois|Arizona|Nevada|Oregon|Alaska|Hawaii
Toronto|Montreal|Vancouver|Ottawa|Sydney|Melbourne|Brisbane|Perth|Auckland|Wellington
Tokyo|Osaka|Beijing|Shanghai|Hong Kong|Seoul|Pyongyang|Taipei|Bangkok|Hanoi|Manila|Jakarta
Singapore|Kuala Lumpur|Delhi|New Delhi|Mumbai|Bombay|Calcutta|Kolkata|Bangalore|Chennai|Karachi
Islamabad|Lahore|Kabul|Tehran|Baghdad|Basra|Damascus|Aleppo|Beirut|Amman|Jerusalem|Tel Aviv
Cairo|Riyadh|Dubai|Abu Dhabi|Doha|Ankara|Istanbul|Athens|Sofia|Bucharest|Budapest|Prague
Bratislava|Belgrade|Pristina|Zagreb|Ljubljana|Sarajevo|Skopje|Tirana|Podgorica|Minsk|Vilnius
Riga|Tallinn|Helsinki|Stockholm|Oslo|Copenhagen|Reykjavik|Bern|Geneva|Zurich|Munich|Frankfurt
Hamburg|Cologne|Stuttgart|Milan|Turin|Naples|Venice|Florence|Barcelona|Valencia|Seville|Porto
Marseille|Lyon|Nice|Monaco|Tbilisi|Yerevan|Baku|Astana|Tashkent|Nairobi|Lagos|Abuja|Johannesburg
Cape Town|Pretoria|Addis Ababa|Khartoum|Kinshasa|Harare|Algiers|Tunis|Tripoli|Rabat|Casablanca
Mexico City|Havana|Caracas|Bogota|Lima|Santiago|Buenos Aires|Sao Paulo|Rio de Janeiro|Brasilia
Montevideo|Quito|St Etienne|Saint-Etienne|Lille|Bordeaux|Toulouse|Melbourne|Sevastopol|Donetsk
Luhansk|Kherson|Zaporizhzhia|Bakhmut|Avdiivka|Mitrovica|Belgorod|Kursk|St Petersburg
Saint Petersburg|Strasbourg|Luxembourg|Gdansk|Krakow|Davos|Cannes|Wimbledon|Twickenham|Anfield
Old Trafford|Wembley|Cobh|Cork|Galway|Limerick|Derby|Coventry|Reading|Watford|Bolton|Wigan
Chelsea|Fulham|Dover|Calais|Salzburg|Kiev|Melbourne|Adelaide|Auckland|Christchurch|Santry
"""

_LOCATIONS = """
Europe|Asia|Africa|North America|South America|Latin America|Antarctica|Arctic|Antarctic
Oceania|Middle East|Far East|Near East|Eastern Europe|Western Europe|Central Europe|Southern Europe
Northern Europe|Central Asia|South Asia|Southeast Asia|East Asia|West Africa|East Africa
North Africa|Sub-Saharan Africa|Scandinavia|Balkans|Baltics|Caucasus|Sahel|Sahara|Mediterranean
Black Sea|Baltic Sea|North Sea|Caspian Sea|Red Sea|South China Sea|Sea of Azov|Aegean|Adriatic
Atlantic|Pacific|Indian Ocean|Atlantic Ocean|Pacific Ocean|Arctic Ocean|Persian Gulf|Gulf
English Channel|Channel|Alps|Himalayas|Andes|Urals|Pyrenees|Rockies|Amazon River|Nile|Danube
Rhine|Thames|Dnipro|Dnieper|Galwan Valley|Ladakh|West End|Broadway|Wall Street|Downing Street
Whitehall|Silicon Valley|Korean Peninsula|Gaza Strip|Golan Heights|Strait of Hormuz|Suez Canal
Panama Canal|Taiwan Strait|Horn of Africa|Persian Gulf|Indo-Pacific|Arctic Circle|Ibrox
"""
_LOC_ALIASES = """
West|the West
Balkans|Balkan
Eastern Europe|Eastern European
Middle East|Mideast
"""

# Nationality adjectives and plurals; canonical is the adjective.
_NORP = """
American|Americans|British|Britons|Briton|English|Scottish|Scots|Welsh|Irish|French|German|Germans
Russian|Russians|Ukrainian|Ukrainians|Belarusian|Belarusians|Polish|Poles|Czech|Czechs|Slovak
Hungarian|Hungarians|Romanian|Romanians|Bulgarian|Bulgarians|Serbian|Serbs|Serb|Croatian|Croats
Bosnian|Bosnians|Albanian|Albanians|Kosovar|Kosovars|Greek|Greeks|Turkish|Turks|Italian|Italians
Spanish|Spaniards|Portuguese|Dutch|Belgian|Belgians|Swiss|Austrian|Austrians|Swedish|Swedes
Norwegian|Norwegians|Danish|Danes|Finnish|Finns|Icelandic|Estonian|Estonians|Latvian|Latvians
Lithuanian|Lithuanians|Georgian|Georgians|Armenian|Armenians|Azerbaijani|Azerbaijanis|Azeri
Kazakh|Uzbek|Chinese|Japanese|Korean|Koreans|Vietnamese|Thai|Indian|Indians|Pakistani|Pakistanis
Afghan|Afghans|Iranian|Iranians|Iraqi|Iraqis|Syrian|Syrians|Lebanese|Israeli|Israelis
Palestinian|Palestinians|Jordanian|Egyptian|Egyptians|Saudi|Saudis|Emirati|Yemeni|Libyan
Tunisian|Moroccan|Algerian|Nigerian|Nigerians|Kenyan|Kenyans|Ethiopian|Ethiopians|Somali|Sudanese
South African|Australian|Australians|Canadian|Canadians|Mexican|Mexicans|Brazilian|Brazilians
Argentine|Argentinian|Chilean|Colombian|Venezuelan|Cuban|Cubans|Peruvian|Jamaican|New Zealander
European|Europeans|Asian|Asians|African|Africans|Latin American|Arab|Arabs|Kurdish|Kurds|Jewish
Jews|Muslim|Muslims|Christian|Christians|Catholic|Catholics|Protestant|Sunni|Shia|Shiite|Hindu
Hindus|Sikh|Buddhist|Chechen|Chechens|Tatar|Tatars|Crimean|Slovenian|Slovene|Macedonian|Maltese
Cypriot|Cypriots|Gibraltarian|Gibraltarians|Taiwanese|Tibetan|Uighur|Uyghur|Mongolian|Filipino
Indonesian|Malaysian|Singaporean|Bangladeshi|Nepalese|Sri Lankan|Scandinavian|Baltic|Balkan
Nordic|Slavic|Soviet|Soviets|Western|Eastern European|Western European|Democrat|Democrats
Republican|Republicans|Bolshevik|Nazi|Nazis|Taliban|Islamist|Islamists|Zionist|Yankee|Latino
Hispanic|Caucasian|Ghanaian|Ugandan|Zimbabwean|Rwandan|Congolese|Angolan|Senegalese|Qatari
Kuwaiti|Omani|Bahraini
"""
_NORP_CANON = {
    "Americans": "American",
    "Britons": "British",
    "Briton": "British",
    "Scots": "Scottish",
    "Germans": "German",
    "Russians": "Russian",
    "Ukrainians": "Ukrainian",
    "Belarusians": "Belarusian",
    "Poles": "Polish",
    "Czechs": "Czech",
    "Hungarians": "Hungarian",
    "Romanians": "Romanian",
    "Bulgarians": "Bulgarian",
    "Serbs": "Serbian",
    "Serb": "Serbian",
    "Croats": "Croatian",
    "Bosnians": "Bosnian",
    "Albanians": "Albanian",
    "Kosovars": "Kosovar",
    "Greeks": "Greek",
    "Turks": "Turkish",
    "Italians": "Italian",
    "Spaniards": "Spanish",
    "Belgians": "Belgian",
    "Austrians": "Austrian",
    "Swedes": "Swedish",
    "Norwegians": "Norwegian",
    "Danes": "Danish",
    "Finns": "Finnish",
    "Estonians": "Estonian",
    "Latvians": "Latvian",
    "Lithuanians": "Lithuanian",
    "Georgians": "Georgian",
    "Armenians": "Armenian",
    "Azerbaijanis": "Azerbaijani",
    "Koreans": "Korean",
    "Indians": "Indian",
    "Pakistanis": "Pakistani",
    "Afghans": "Afghan",
    "Iranians": "Iranian",
    "Iraqis": "Iraqi",
    "Syrians": "Syrian",
    "Israelis": "Israeli",
    "Palestinians": "Palestinian",
    "Egyptians": "Egyptian",
    "Saudis": "Saudi",
    "Nigerians": "Nigerian",
    "Kenyans": "Kenyan",
    "Ethiopians": "Ethiopian",
    "Australians": "Australian",
    "Canadians": "Canadian",
    "Mexicans": "Mexican",
    "Brazilians": "Brazilian",
    "Cubans": "Cuban",
    "Europeans": "European",
    "Asians": "Asian",
    "Africans": "African",
    "Arabs": "Arab",
    "Kurds": "Kurdish",
    "Jews": "Jewish",
    "Muslims": "Muslim",
    "Christians": "Christian",
    "Catholics": "Catholic",
    "Hindus": "Hindu",
    "Chechens": "Chechen",
    "Tatars": "Tatar",
    "Cypriots": "Cypriot",
    "Gibraltarians": "Gibraltarian",
    "Soviets": "Soviet",
    "Democrats": "Democrat",
    "Republicans": "Republican",
    "Nazis": "Nazi",
    "Islamists": "Islamist",
    "Argentinian": "Argentine",
    "Slovene": "Slovenian",
    "Uyghur": "Uighur",
    "Shiite": "Shia",
    "Azeri": "Azerbaijani",
}
# Words that are nationalities but, alone and capitalised, are too often something else.
_NORP_WEAK = {"Christian", "Western", "Baltic", "Balkan", "Republican", "Democrat", "Jordan"}

_ORGS = """
NATO|North Atlantic Treaty Organization|North Atlantic Treaty Organisation
European Union|EU
United Nations|UN|U.N.
UN Security Council|Security Council
KFOR|Kosovo Force
World Bank
International Monetary Fund|IMF
World Trade Organization|WTO|World Trade Organisation
World Health Organization|WHO|World Health Organisation
Organization for Security and Co-operation in Europe|OSCE
European Commission
European Parliament
European Central Bank|ECB
Federal Reserve|Fed|US Federal Reserve
Bank of England
G7|Group of Seven
G8|Group of Eight
G20|Group of 20
OPEC
African Union|AU
ASEAN
Commonwealth
Kremlin
Pentagon
White House
State Department|US State Department
Foreign Office
Home Office
Cabinet Office
Treasury
Downing Street
Congress|US Congress
Senate|US Senate
House of Representatives
House of Commons|Commons
House of Lords|Lords
Parliament
Westminster
Supreme Court
CIA
FBI
NSA
KGB
FSB
Interpol
Europol
Red Cross|International Committee of the Red Cross|ICRC
Amnesty International
Human Rights Watch
Reporters Without Borders
Greenpeace
Hamas
Hezbollah
Al-Qaeda|al-Qaeda|al Qaeda
Islamic State|ISIS|ISIL
Wagner Group|Wagner
Labour Party|Labour
Conservative Party|Conservatives|Tories|Tory
Liberal Democrats|Lib Dems|Lib Dem
Scottish National Party|SNP
Democratic Party
Republican Party|GOP
BBC|British Broadcasting Corporation
CNN
Reuters
Associated Press|AP
AFP|Agence France-Presse
Bloomberg
Financial Times|FT
Wall Street Journal|WSJ
New York Times
Washington Post
The Guardian|Guardian
The Times
The Economist|Economist
Xinhua|Xinhua News Agency
Microsoft
Google
Apple
Amazon|Amazon.com
IBM
Intel
Yahoo
Sony
Nintendo
Samsung
Nokia
Vodafone
BT
Disney
Warner Bros
Paramount
Universal
Oscar|Academy Awards
FIFA
UEFA
IOC|International Olympic Committee
IAAF
Carnegie Endowment for International Peace|Carnegie Endowment
Coalition of the Willing
Gazprom
Rosneft
Yukos
"""

_EVENTS = """
Cold War
World War I|First World War|WWI
World War II|Second World War|WWII
Olympics|Olympic Games
Winter Olympics
World Cup
Euro 2004
Six Nations
Champions League
Premier League
FA Cup
Wimbledon Championships
Australian Open
US Open
French Open
Tour de France
London Marathon
Boston Marathon
Super Bowl
Golden Globes
Brit Awards
Grammy Awards|Grammys
Eurovision|Eurovision Song Contest
Holocaust
Brexit
Arab Spring
Orange Revolution
Euromaidan
Gulf War
Iraq War
Vietnam War
Korean War
Balkan Wars
Cuban Missile Crisis
Munich Security Conference
Christmas Day
Boxing Day
"""

# Well-known people (so that a lone surname in a heading or a short text is still typed).
_PEOPLE = """
Vladimir Putin|Putin
Volodymyr Zelensky|Zelensky|Zelenskyy
Mark Rutte|Rutte
Jens Stoltenberg|Stoltenberg
Marco Rubio|Rubio
Joe Biden|Biden
Donald Trump|Trump
Barack Obama|Obama
George W Bush|George Bush|Bush
Bill Clinton
Hillary Clinton
Emmanuel Macron|Macron
Olaf Scholz|Scholz
Angela Merkel|Merkel
Tony Blair|Blair
Gordon Brown
Xi Jinping
Sergei Lavrov|Lavrov
Recep Tayyip Erdogan|Erdogan
Viktor Orban|Orban
Madeleine Albright|Albright
Alan Greenspan|Greenspan
"""

_FIRST_NAMES = """
aaron adam adrian agnes alan alastair albert alec alex alexander alexandra alexei alfred ali
alice alison alistair allan amanda amy ana andrea andrew andy angela angus ann anna anne annie
anthony antonio arnold arthur ashley barbara barry ben benjamin bernard beth betty bill billy bob
boris brad brenda brian bruce carl carlos carol caroline carolina catherine charles charlie
charlotte chris christian christina christine christopher claire clare colin craig dan daniel
danny dave david dean deborah denis dennis derek diana diane dick dominic dominick don donald
donna doris dorothy douglas duncan ed eddie edward elena elizabeth ellen emily emma eric erik
eva fiona frances francis frank fred frederick gary gavin geoff geoffrey george georgia gerald
gerry gillian gordon graham greg gregory hannah harold harry heather helen henry hilary howard
hugh ian isabel jack jackie jacob james jamie jane janet jason jean jeff jeffrey jennifer jeremy
jerry jessica jim jimmy joan joe joey john johnny jon jonathan jose joseph josh joy judith judy
julia julian julie justin karen kate katherine kathleen keith kelly ken kenneth kevin kim kirsty
larry laura lauren lee leo leon lewis linda lisa liz louis louise lucy luke lynn malcolm marc
marco margaret maria marie mario mark martin mary matt matthew maurice max megan melanie michael
michel michelle mick miguel mike mikhail natalie neil nicholas nick nicola nigel noel norman
oliver olivia owen pamela pat patricia patrick paul paula pauline peter phil philip philippe
pierre rachel ralph ray raymond rebecca richard rick rob robbie robert robin rod roger ron ronald
rose ross roy russell ruth ryan sally sam samuel sandra sarah scott sean sebastian sergei sergey
sharon shaun sheila simon sonia sophie stanley stephanie stephen steve steven stuart sue susan
tania ted terry theresa thomas tim timothy tina toby todd tom tommy tony tracey tracy trevor
valerie vanessa victor victoria vincent vladimir walter wayne wendy william willie yvonne zoe
abdul ahmed akira alain alejandro ali andre andrei angelina anton antonio barack benoit boris
carla chen dmitry emmanuel fernando francois gerhard giovanni giuseppe hans hassan helmut hiroshi
hugo igor ivan jacques javier jens jolene jose juan jurgen karl klaus lars luis manuel marcel
marek mohammed muhammad nicolas olaf pablo pedro pierre rafael rainer roberto sergio silvio
stefan sven tariq thierry ulrich vitali volodymyr wolfgang xavier yuri yusuf jolanda berhane
madeleine tirunesh kenenisa alistair fionnualla hussein christian ethel cory bhanu dallas
"""

# Words that precede a person's name: they are not part of the name.
_TITLES = """
mr mrs ms miss dr prof professor sir dame lord lady rev reverend president vice-president
chancellor senator congressman congresswoman governor mayor judge justice king queen prince
princess pope cardinal archbishop bishop general gen col colonel lt lieutenant captain capt
major sergeant admiral commander secretary minister premier ambassador chairman chairwoman chief
director coach manager inspector detective officer spokesman spokeswoman saint st
"""
# Lower-case role nouns before a capitalised name mark a person ("sculptor Richard Wentworth").
_ROLES = """
actor actress singer star director producer writer author novelist poet artist sculptor painter
photographer designer guitarist drummer musician composer comedian comic presenter host
journalist reporter editor columnist analyst economist strategist lawyer attorney judge
spokesman spokeswoman spokesperson chairman chairwoman chief boss founder executive minister
secretary president leader mp senator governor mayor official officer commissioner envoy
ambassador diplomat general commander player striker midfielder defender goalkeeper captain
coach manager athlete runner champion compatriot winner rival understudy impresario
veteran colleague partner deputy adviser advisor aide professor scientist researcher expert
economist banker trader investor businessman entrepreneur teenager
"""

# Last words that make a capitalised sequence an organisation, a place or an event.
_ORG_SUFFIX = """
group party agency association committee bank inc ltd plc corp corporation company co council
office ministry department university college academy foundation fund institute institution
commission union times journal news post herald telegraph parliament executive media centre
center theatre theater club airlines airways motors software systems technologies networks
industries holdings partners capital securities trust society league federation organisation
organization alliance coalition network service services board authority assembly court police
army navy force forces inquiry guard brigade labs studios records pictures entertainment
associates consortium exchange school hospital museum gallery orchestra band channel radio tv
telecom energy oil airport
"""
_LOC_SUFFIX = """
valley sea ocean river mountains mountain lake desert island islands gulf strait peninsula bay
coast basin plateau forest canal heights hills plain sound channel
"""
_EVENT_SUFFIX = """
championships championship games olympics war cup marathon summit festival awards prize
conference tournament open trophy series grand prix revolution crisis election elections run
"""

# Capitalised words that are never entities alone (sentence starts, days, months, pronouns).
_STOP = """
a an the this that these those there here it its it's they them their he she his her him we our
us you your i me my mine in on at by for from to of with without within into onto over under
after before during since until while when where why how what which who whom whose if then than
but and or nor so yet also as not no yes all any some many much more most few several each every
both either neither one two three four five six seven eight nine ten first second third last
next new old however although though despite because therefore thus meanwhile nevertheless
instead indeed perhaps still even just only already now today yesterday tomorrow again further
furthermore moreover additionally ultimately finally overall similarly likewise otherwise
later earlier recently currently eventually initially previously instead besides hence
rather such other another same own according among amid amidst between against along across
about above below around behind beyond through throughout toward towards upon via per
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december mon tue wed thu fri sat sun jan feb mar apr jun
jul aug sep sept oct nov dec is are was were be been being has have had do does did will would
shall should can could might must let lets let's read share click home news business
sport sports tech technology politics entertainment opinion analysis comment comments update
updated photo video image source sources advertisement advertisment subscribe follow sign log
mr mrs ms dr sir chapter section part figure table note notes summary conclusion introduction
final thoughts key role limits examples beyond focusing geopolitical focus
areas diplomatic approaches border conflicts initiatives countries nations recent fears amid
mediators governments participating grasping negotiation bilateral international additional
success government officials analysts experts critics supporters observers reports police
christmas easter internet web online e-mail email tv ok okay yes oh
"""

_DATE_TEXT = (
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december"
)
_DATE_WORDS = frozenset(_DATE_TEXT.split())
_FUNCTION_WORDS = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "to",
    "of",
    "with",
    "and",
    "or",
    "but",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "its",
    "his",
    "her",
    "their",
    "our",
}
# Capitalised words that are products, units or abbreviations rather than entities.
_NOT_ENTITIES = {
    "gmt",
    "bst",
    "pc",
    "pcs",
    "tv",
    "cd",
    "cds",
    "dvd",
    "dvds",
    "mp3",
    "olympic",
    "windows",
    "bluetooth",
    "linux",
    "ipod",
    "ipods",
    "wi-fi",
    "ceo",
    "gdp",
    "ok",
    "am",
    "pm",
    "bbc1",
    "bbc2",
    "uk-based",
    "internet",
    "web",
    "sms",
    "id",
    "it",
    "east",
    "north",
    "south",
    "northern",
    "southern",
    "eastern",
}
_NAME_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "la",
    "le",
    "du",
    "al",
    "bin",
    "da",
    "di",
    "del",
    "o'",
}
# Lower-case words that may join the capitalised words of one name: the particles, and these.
_CONNECTORS = (_NAME_PARTICLES - {"o'"}) | {"of", "and", "for", "the", "&", "y"}


def _split_lines(block: str) -> list[list[str]]:
    return [
        [part.strip() for part in line.split("|") if part.strip()]
        for line in block.strip().splitlines()
        if line.strip()
    ]


def _words(block: str) -> set[str]:
    return set(block.split())


@dataclass(frozen=True, slots=True)
class _Known:
    name: str
    type: str


def _build_gazetteer() -> dict[str, _Known]:
    """Folded surface form -> canonical name and type."""
    gaz: dict[str, _Known] = {}

    def add(surface: str, name: str, type_: str) -> None:
        gaz.setdefault(_norm(surface), _Known(name, type_))

    # Alias lists: each line is a canonical name followed by its aliases (order sets priority).
    for table, type_ in (
        (_COUNTRY_ALIASES, "GPE"),
        (_PEOPLE, "PERSON"),
        (_ORGS, "ORG"),
        (_EVENTS, "EVENT"),
        (_LOC_ALIASES, "LOC"),
    ):
        for line in _split_lines(table):
            for alias in line:
                add(alias, line[0], type_)
    # Name lists: every name stands for itself.
    for table in (_COUNTRIES, _CITIES):
        for line in _split_lines(table):
            for name in line:
                add(name, name, "GPE")
    for line in _split_lines(_LOCATIONS):
        for name in line:
            add(name, name, "LOC")
    for line in _split_lines(_NORP):
        for name in line:
            add(name, _NORP_CANON.get(name, name), "NORP")
    return gaz


_STOPWORDS = _words(_STOP)
_FIRST = _words(_FIRST_NAMES)
_TITLE_WORDS = _words(_TITLES)
_ROLE_WORDS = _words(_ROLES)
_ORG_SUFFIXES = _words(_ORG_SUFFIX)
_LOC_SUFFIXES = _words(_LOC_SUFFIX)
_EVENT_SUFFIXES = _words(_EVENT_SUFFIX)
_MULTI_TITLES = (
    "secretary general",
    "secretary-general",
    "prime minister",
    "foreign secretary",
    "foreign minister",
    "home secretary",
    "defence secretary",
    "defense secretary",
    "secretary of state",
    "chief executive",
    "managing director",
    "chief minister",
    "first minister",
    "deputy prime minister",
    "attorney general",
    "vice president",
    "national security advisor",
    "national security adviser",
    "director general",
    "director-general",
    "general secretary",
    "chief of staff",
)


@lru_cache(maxsize=131072)
def _norm(surface: str) -> str:
    """Folded form used to compare surfaces: case and accents folded, curly quotes straightened."""
    return fold(surface).replace("’", "'").replace("‘", "'").strip()


_GAZ: dict[str, _Known] = {}


_GAZ_FIRST: dict[str, int] = {}  # first word of a gazetteer name -> most words in such a name
_UPPER_ALIASES: dict[str, tuple[str, ...]] = {}  # "us" -> ("US",): must be written in capitals
_BREAK_CHARS = re.compile(r'[.!?:;•\n—–"“”()\[\]]')


def gazetteer() -> dict[str, _Known]:
    if not _GAZ:
        _GAZ.update(_build_gazetteer())
        for key in _GAZ:
            words = key.split()
            _GAZ_FIRST[words[0]] = max(_GAZ_FIRST.get(words[0], 0), len(words))
        blocks = (_COUNTRY_ALIASES, _ORGS, _EVENTS, _PEOPLE, _LOC_ALIASES)
        for block in blocks:
            for line in _split_lines(block):
                for alias in line:
                    letters = alias.replace(".", "")
                    if letters.isupper() and len(letters) <= 4:
                        _UPPER_ALIASES[_norm(alias)] = (alias,)
    return _GAZ


# --------------------------------------------------------------------------------------------
# Mentions and entities
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity: passage number and [start, end) character span in its text."""

    doc: str
    passage: int
    start: int
    end: int
    surface: str
    name: str = ""  # canonical name (after alias merging)
    type: str = ""

    @property
    def key(self) -> str:
        return entity_key(self.name, self.type)


def entity_key(name: str, type_: str) -> str:
    return f"{type_}:{_norm(name)}"


@dataclass(slots=True)
class Entity:
    """An entity of the corpus: mention count, documents (first-seen order) and surface forms."""

    key: str
    name: str
    type: str
    count: int = 0
    docs: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "type": self.type,
            "count": self.count,
            "docs": list(self.docs),
            "aliases": list(self.aliases),
        }


# Tokens: words with inner apostrophes/hyphens/dots (U.S., O'Sullivan, Baskin-Robbins), or "&".
_TOKEN = re.compile(r"[^\W_](?:[\w’'.\-]*[^\W_])?\.?|&")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b\S+\.(?:com|org|net|co\.uk)\S*")
_SENTENCE_END = re.compile(r"[.!?:;]['\"’”)\]]*$")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    sent_start: bool


def _tokens(text: str) -> list[_Tok]:
    blocked = [(m.start(), m.end()) for m in _URL.finditer(text)]
    toks: list[_Tok] = []
    prev_end = 0
    sent_start = True
    for m in _TOKEN.finditer(text):
        if blocked and any(s <= m.start() < e for s, e in blocked):
            continue
        between = text[prev_end : m.start()]
        if toks and (
            (between != " " and _BREAK_CHARS.search(between) is not None)
            or _SENTENCE_END.search(toks[-1].text)
        ):
            sent_start = True
        word = m.group()
        end = m.end()
        # A trailing dot is kept only on abbreviations (U.S., St.), not on a sentence end.
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+|St\.|Mr\.|Mrs\.|Dr\.|Ms\.", word):
            word = word[:-1]
            end -= 1
        if (
            "-" in word
            and word[:1].isupper()
            and gazetteer().get(_norm(word)) is None
            and any(p[:1].islower() or _norm(p) in gazetteer() for p in word.split("-") if p)
        ):
            # "China-India" -> China, India; "Cold War-era" -> Cold War, era.
            pos = m.start()
            first = True
            for part in word.split("-"):
                if part:
                    toks.append(_Tok(part, pos, pos + len(part), sent_start and first))
                    first = False
                pos += len(part) + 1
            sent_start = False
            prev_end = m.end()
            continue
        toks.append(_Tok(word, m.start(), end, sent_start))
        sent_start = word.endswith(".") and word not in ("Mr.", "Mrs.", "Dr.", "Ms.", "St.")
        prev_end = m.end()
        if m.group().endswith(".") and not word.endswith("."):
            sent_start = True
    return toks


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isupper() for c in word[1:]))


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    surface: str
    name: str
    type: str | None
    strong: bool  # typed by gazetteer or a cue, not a guess
    sent_start: bool
    tokens: int


def _strip_possessive(surface: str) -> str:
    return _POSSESSIVE.sub("", surface)


def _cue_before(toks: list[_Tok], i: int, text: str) -> str:
    """ "title" for a title ("Mr", "President", "Secretary General") just before token i,
    "role" for a lower-case role noun ("sculptor"), else ""."""
    if i == 0:
        return ""
    prev = toks[i - 1].text.rstrip(".")
    if prev.lower() in _TITLE_WORDS and prev[:1].isupper():
        return "title"
    if prev in _ROLE_WORDS:
        return "role"
    before = text[max(0, toks[i].start - 30) : toks[i].start].lower().strip()
    return "title" if any(before.endswith(t) for t in _MULTI_TITLES) else ""


_SAID_AFTER = re.compile(r"^(?:,? (?:said|says|told|added|who|whose)\b|, \d{1,3},)")
_SAID_BEFORE = re.compile(r"\b(?:said|says|told|according to)\s*$")


def _person_context(text: str, start: int, end: int) -> bool:
    return bool(_SAID_AFTER.match(text[end : end + 12]) or _SAID_BEFORE.search(text[:start][-16:]))


def _classify(words: list[str], cue: str, has_place: bool) -> tuple[str | None, bool]:
    """Type of an unknown capitalised sequence and whether the guess is strong."""
    lower = [w.lower().rstrip(".") for w in words]
    last = lower[-1]
    joined = [w for w in lower if w in _CONNECTORS and w not in _NAME_PARTICLES]
    if last in ("act", "bill", "treaty", "accord") and len(words) > 1:
        return None, True  # laws and treaties are not labelled
    if last in _EVENT_SUFFIXES and len(words) > 1:
        return "EVENT", True
    if last in _LOC_SUFFIXES and len(words) > 1:
        return "LOC", True
    if any(w in _ORG_SUFFIXES for w in lower) and len(words) > 1:
        return "ORG", True
    if cue == "title" and len(words) <= 4 and not joined:
        return "PERSON", True
    if cue == "role" and 2 <= len(words) <= 4 and not joined and not has_place:
        return "PERSON", True
    if len(words) >= 2 and lower[0] in _FIRST and not joined:
        return "PERSON", True
    if len(words) == 1 and re.fullmatch(r"[A-Z][A-Z0-9&]{1,6}|[A-Z](?:\.[A-Z])+\.?", words[0]):
        return "ORG", True
    return "ORG", False


def _cap_run(toks: list[_Tok], i: int, text: str) -> int:
    """End (exclusive) of the capitalised sequence starting at token i."""
    n = len(toks)
    j = i + 1
    while j < n:
        t = toks[j]
        prev = toks[j - 1].text
        gap = text[toks[j - 1].end : t.start]
        if gap != " " or _SENTENCE_END.search(prev) or _POSSESSIVE.search(prev):
            break
        if _is_cap(t.text) and not t.sent_start and t.text != "&":
            j += 1
            continue
        if (
            t.text.lower() in _CONNECTORS
            and j + 1 < n
            and _is_cap(toks[j + 1].text)
            and text[t.end : toks[j + 1].start] == " "
        ):
            j += 2
            continue
        break
    return j


def _lower_compound(word: str) -> str | None:
    """ "Moscow-based" -> "Moscow"; None when the word is not such a compound."""
    head, sep, tail = word.partition("-")
    if sep and tail[:1].islower() and head[:1].isupper():
        return head
    return None


def _candidates(text: str, heading: bool) -> list[_Candidate]:
    toks = _tokens(text)
    gaz = gazetteer()
    gaz_first = _GAZ_FIRST
    out: list[_Candidate] = []
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        if not _is_cap(tok.text) or tok.text == "&":
            i += 1
            continue
        head = _lower_compound(tok.text)
        if head is not None:
            known = gaz.get(_norm(head))
            if known is not None:
                out.append(
                    _Candidate(
                        tok.start,
                        tok.start + len(head),
                        head,
                        known.name,
                        known.type,
                        True,
                        tok.sent_start,
                        1,
                    )
                )
            i += 1
            continue
        run_end = _cap_run(toks, i, text)
        # Longest gazetteer match starting here, every word capitalised but connectors.
        best: tuple[int, _Known] | None = None
        first = tok.text.lower() if tok.text.isascii() else _norm(tok.text)
        first = _POSSESSIVE.sub("", first)
        for j in range(min(n, i + gaz_first.get(first, 0)), i, -1):
            inner = toks[i:j]
            if any(not _is_cap(t.text) and t.text.lower() not in _CONNECTORS for t in inner) or any(
                t.sent_start for t in inner[1:]
            ):
                continue
            span = text[tok.start : toks[j - 1].end]
            if "\n" in span or (j - i > 1 and _POSSESSIVE.search(toks[j - 2].text)):
                continue
            surface = _strip_possessive(span)
            known = gaz.get(_norm(surface))
            if known is not None and (
                _norm(surface) not in _UPPER_ALIASES or surface.replace(".", "").isupper()
            ):
                best = (j, known)
                break
        if best is not None:
            j, known = best
            surface = _strip_possessive(text[tok.start : toks[j - 1].end])
            run_last = toks[run_end - 1].text.lower()
            longer = run_end > j and (run_last in _ORG_SUFFIXES | _EVENT_SUFFIXES | _LOC_SUFFIXES)
            weak = known.type == "NORP" and surface in _NORP_WEAK and j == i + 1
            if weak and run_end == i + 1:
                i += 1
                continue
            if not longer and not weak:
                out.append(
                    _Candidate(
                        tok.start,
                        tok.start + len(surface),
                        surface,
                        known.name,
                        known.type,
                        True,
                        tok.sent_start,
                        j - i,
                    )
                )
                i = j
                continue
        j = run_end
        words = [t.text for t in toks[i:j]]
        # Split at "and"/"&" unless the whole is an organisation ("Exhibition and ... Centre").
        if words[-1].lower() not in _ORG_SUFFIXES:
            for k, w in enumerate(words):
                if w.lower() == "and":
                    j = i + k
                    words = words[:k]
                    break
        start_i = i
        cue = _cue_before(toks, i, text)
        # Titles inside the run: "Secretary General Mark Rutte" -> "Mark Rutte" (cue: title).
        run_text = fold(" ".join(words))
        for title in _MULTI_TITLES:
            if run_text.startswith(title):
                k = len(title.split())
                words = words[k:]
                start_i += k
                cue = "title"
                break
        if words and words[-1].lower() not in _ORG_SUFFIXES:
            last_title = max(
                (
                    k
                    for k, w in enumerate(words)
                    if w.rstrip(".").lower() in _TITLE_WORDS
                    and w.lower() not in ("the", "st", "saint")
                ),
                default=-1,
            )
            if last_title >= 0:
                words = words[last_title + 1 :]
                start_i += last_title + 1
                cue = "title"
                if not words or all(w.lower() in _CONNECTORS for w in words):
                    i = max(j, i + 1)
                    continue
        # Drop a leading title ("Mr", "President", "Sir") or a stop word ("The", "In").
        while len(words) > 1 and words[0].lower() in _ROLE_WORDS and words[0][:1].isupper():
            words.pop(0)  # "Actor Christian Slater" at a sentence start
            start_i += 1
            cue = cue or "role"
        while words and (
            words[0].rstrip(".").lower() in _TITLE_WORDS
            or (
                words[0].lower() in _STOPWORDS
                # "US", and "New" in "New York Marathon" mid-sentence, are names, not stop words.
                and not (words[0].isupper() and len(words[0]) > 1)
                and (
                    toks[start_i].sent_start
                    or words[0].lower() in _FUNCTION_WORDS
                    or words[0].lower() in _DATE_WORDS
                )
            )
        ):
            if words[0].rstrip(".").lower() in _TITLE_WORDS and words[0].lower() != "the":
                cue = "title"
            words.pop(0)
            start_i += 1
        while words and (words[-1].lower() in _CONNECTORS or words[-1].lower() in _FUNCTION_WORDS):
            words.pop()
        # "Tirunesh Dibaba of Ethiopia": a person's name does not run on through "of".
        if "of" in words and words[0].lower() in _FIRST:
            words = words[: words.index("of")]
        if not words:
            i = max(j, i + 1)
            continue
        end_i = start_i + len(words)
        s = toks[start_i].start
        e = toks[end_i - 1].end
        surface = _strip_possessive(text[s:e])
        if not surface or not surface[:1].isalnum():
            i = max(j, i + 1)
            continue
        if start_i > i and (gaz.get(_norm(surface)) is not None or len(words) > 1):
            # What followed a title or stop word is scanned again on its own.
            i = start_i
            continue
        sent_start = toks[start_i].sent_start
        if len(words) == 1 and (
            words[0].lower() in _STOPWORDS
            or _strip_possessive(words[0]).lower() in _NOT_ENTITIES
            or len(words[0]) < 2
            or any(c.isdigit() for c in words[0])
        ):
            i = max(j, i + 1)
            continue
        has_place = any(
            (kn := gaz.get(_norm(w))) is not None and kn.type in ("GPE", "LOC", "NORP")
            for w in words
        )
        type_, strong = _classify(words, cue, has_place)
        if not strong and len(words) >= 2 and not has_place and _person_context(text, s, e):
            type_, strong = "PERSON", True
        if heading and not strong:
            type_ = None  # headings: only gazetteer names and names known from the body
        out.append(
            _Candidate(s, s + len(surface), surface, surface, type_, strong, sent_start, len(words))
        )
        i = max(end_i, i + 1)
    return out


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in _CONNECTORS)


def extract_document(doc: Document) -> list[Mention]:
    """Entity mentions of one document, aliases merged within it, in reading order."""
    per_passage: list[tuple[int, _Candidate]] = []
    lower_words: set[str] = set()
    for p in doc.passages:
        if p.is_heading:
            continue
        for m in _TOKEN.finditer(p.text):
            w = m.group()
            if w[:1].islower():
                lower_words.add(w.rstrip("."))
    for p in doc.passages:
        for c in _candidates(p.text, p.is_heading):
            per_passage.append((p.number, c))

    # Known full names in the document (multi-word, typed) to resolve short forms.
    by_surface: dict[str, tuple[str, str]] = {}
    persons: list[str] = []
    orgs: list[str] = []
    for _, c in per_passage:
        if c.type is None:
            continue
        if c.tokens >= 2 and c.type == "PERSON":
            persons.append(c.name)
        if c.tokens >= 2 and c.type == "ORG":
            orgs.append(c.name)
        if c.strong or c.tokens >= 2:
            by_surface.setdefault(_norm(c.surface), (c.name, c.type))
    person_parts: dict[str, str] = {}
    for full in persons:
        parts = full.split()
        for part in (parts[-1], parts[0]) if len(parts) > 1 else ():
            person_parts.setdefault(_norm(part), full)
        if len(parts) > 2:
            person_parts.setdefault(_norm(" ".join(parts[-2:])), full)
            person_parts.setdefault(_norm(" ".join(parts[1:])), full)
    org_parts: dict[str, str] = {}
    for full in orgs:
        parts = full.split()
        org_parts.setdefault(_norm(parts[0]), full)
        ini = _initials(full)
        if len(ini) >= 2:
            org_parts.setdefault(_norm(ini), full)
    # A person's first name alone is ambiguous; only the surname part is a strong alias.
    person_last = {_norm(f.split()[-1]): f for f in persons}

    known_forms = {k for k, (_, t) in by_surface.items() if t == "PERSON"}
    known_forms |= person_parts.keys()
    mentions: list[Mention] = []
    for number, c in per_passage:
        if c.sent_start and c.tokens >= 2 and not c.strong:
            # "Later Rutte said": a sentence-start word before a name known in the document.
            first, _, rest = c.surface.partition(" ")
            if first.lower() not in _FIRST and (
                _norm(rest) in known_forms
                or ((kn := gazetteer().get(_norm(rest))) is not None and kn.type == "PERSON")
            ):
                c = _Candidate(
                    c.end - len(rest), c.end, rest, rest, None, False, False, c.tokens - 1
                )
        key = _norm(c.surface)
        name, type_ = c.name, c.type
        if c.tokens == 1 or type_ is None or not c.strong:
            if key in person_last and (type_ in (None, "PERSON", "ORG") and not c.strong):
                name, type_ = person_last[key], "PERSON"
            elif key in person_parts and (not c.strong or type_ == "PERSON") and type_ != "GPE":
                name, type_ = person_parts[key], "PERSON"
            elif key in org_parts and not (c.strong and type_ != "ORG"):
                name, type_ = org_parts[key], "ORG"
            elif key in by_surface and (type_ is None or not c.strong):
                name, type_ = by_surface[key]
        if type_ is None:
            continue
        if not c.strong and c.tokens == 1 and name == c.name:
            # A lone unknown capitalised word: only mid-sentence, never seen lower-case.
            word = c.surface
            if c.sent_start or word.lower() in lower_words or word.lower() in _STOPWORDS:
                continue
            if len(word) < 3 and not word.isupper():
                continue
        if not c.strong and c.sent_start and c.tokens >= 2 and name == c.name:
            first = c.surface.split()[0]
            if first.lower() in lower_words and type_ != "PERSON":
                continue
        mentions.append(Mention(doc.id, number, c.start, c.end, c.surface, name, type_))
    return mentions


# --------------------------------------------------------------------------------------------
# The corpus index
# --------------------------------------------------------------------------------------------


class EntityIndex:
    """Entities of a corpus with their mentions; user edits (merge, rename, hide) applied."""

    def __init__(self) -> None:
        self._entities: dict[str, Entity] = {}
        self._mentions: dict[str, list[Mention]] = {}  # doc id -> mentions (canonical keys)
        self._doc_order: list[str] = []
        self._alias_keys: dict[str, str] = {}  # folded surface or name -> key

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        corpus: Corpus | Iterable[Document],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        edits: object | None = None,
        cache: Path | None = None,
    ) -> EntityIndex:
        """Extract every document, merge aliases across the corpus, apply `edits`.

        `edits` is an `EntityEdits` (tui.core.entities.edits); None loads the user's saved edits.
        `cache` (see `cache_path`) keeps each file's raw mentions keyed by its size and mtime,
        so a reopened corpus only extracts the files that changed. A cancelled build returns
        an empty index.
        """
        docs = list(corpus.documents if isinstance(corpus, Corpus) else corpus)
        raw: dict[str, list[Mention]] = {}
        total = len(docs)
        cached = _read_cache(cache) if cache is not None else {}
        fresh: dict[str, tuple[int, float, list[Mention]]] = {}
        for n, doc in enumerate(docs, 1):
            if cancelled is not None and cancelled():
                return cls()
            hit = cached.get(doc.id)
            if hit is not None and hit[0] == doc.size and hit[1] == doc.mtime and doc.size:
                raw[doc.id] = hit[2]
            else:
                raw[doc.id] = extract_document(doc)
            fresh[doc.id] = (doc.size, doc.mtime, raw[doc.id])
            if progress is not None and (n % 25 == 0 or n == total):
                progress(n, total)
        if cache is not None and fresh != cached:
            _write_cache(cache, fresh)
        index = cls()
        index._doc_order = [d.id for d in docs if d.id in raw]
        index._assemble(raw)
        if edits is None:
            from tui.core.entities.edits import load_edits

            edits = load_edits()
        apply = getattr(edits, "apply", None)
        if apply is not None:
            apply(index)
        return index

    def _assemble(self, raw: dict[str, list[Mention]]) -> None:
        # Across the corpus: a lone surname maps to the one full name that ends with it.
        full_by_last: dict[str, Counter[str]] = defaultdict(Counter)
        for mentions in raw.values():
            for m in mentions:
                if m.type == "PERSON" and " " in m.name:
                    full_by_last[_norm(m.name.split()[-1])][m.name] += 1
        resolved: dict[str, list[Mention]] = {}
        for doc_id, mentions in raw.items():
            out = []
            for m in mentions:
                if m.type == "PERSON" and " " not in m.name:
                    fulls = full_by_last.get(_norm(m.name))
                    if fulls and len(fulls) == 1:
                        m = Mention(
                            m.doc, m.passage, m.start, m.end, m.surface, next(iter(fulls)), "PERSON"
                        )
                out.append(m)
            resolved[doc_id] = out
        self._mentions = resolved
        self._rebuild()

    def _rebuild(self) -> None:
        """Recompute entities from the per-document mentions."""
        entities: dict[str, Entity] = {}
        aliases: dict[str, Counter[str]] = defaultdict(Counter)
        for doc_id in self._doc_order:
            for m in self._mentions.get(doc_id, []):
                ent = entities.get(m.key)
                if ent is None:
                    ent = entities[m.key] = Entity(m.key, m.name, m.type)
                ent.count += 1
                if not ent.docs or ent.docs[-1] != doc_id:
                    ent.docs.append(doc_id)
                aliases[m.key][m.surface] += 1
        for key, ent in entities.items():
            ent.aliases = [a for a, _ in aliases[key].most_common()]
        self._entities = entities
        self._alias_keys = {}
        for ent in sorted(entities.values(), key=lambda e: e.count):
            for a in ent.aliases:
                self._alias_keys[_norm(a)] = ent.key
        for ent in sorted(entities.values(), key=lambda e: e.count):
            self._alias_keys[_norm(ent.name)] = ent.key
            self._alias_keys[ent.key] = ent.key

    # -- edits (called by EntityEdits.apply) ---------------------------------------------------

    def merge(self, source: str, target: str) -> bool:
        """Fold entity `source` into `target` (keys). False when either is unknown."""
        tgt = self._entities.get(target)
        if source == target or source not in self._entities or tgt is None:
            return False
        for doc_id, mentions in self._mentions.items():
            self._mentions[doc_id] = [
                Mention(m.doc, m.passage, m.start, m.end, m.surface, tgt.name, tgt.type)
                if m.key == source
                else m
                for m in mentions
            ]
        self._rebuild()
        return True

    def rename(self, key: str, new_name: str) -> str | None:
        """Give entity `key` a new display name; returns the new key (None when unknown)."""
        ent = self._entities.get(key)
        if ent is None or not new_name.strip():
            return None
        new_name = new_name.strip()
        for doc_id, mentions in self._mentions.items():
            self._mentions[doc_id] = [
                Mention(m.doc, m.passage, m.start, m.end, m.surface, new_name, m.type)
                if m.key == key
                else m
                for m in mentions
            ]
        self._rebuild()
        return entity_key(new_name, ent.type)

    def hide(self, key: str) -> bool:
        if key not in self._entities:
            return False
        for doc_id, mentions in self._mentions.items():
            self._mentions[doc_id] = [m for m in mentions if m.key != key]
        self._rebuild()
        return True

    # -- queries ------------------------------------------------------------------------------

    def entities(self, type_: str | None = None) -> list[Entity]:
        """All entities, most mentioned first (ties: name)."""
        ents = [e for e in self._entities.values() if type_ is None or e.type == type_]
        return sorted(ents, key=lambda e: (-e.count, e.name.lower()))

    def get(self, key: str) -> Entity | None:
        return self._entities.get(key)

    def resolve(self, name_or_key: str) -> Entity | None:
        """An entity by key ("ORG:nato"), name or alias (case-insensitive); most mentioned wins."""
        key = self._alias_keys.get(name_or_key) or self._alias_keys.get(_norm(name_or_key))
        if key is None and ":" in name_or_key:
            t, _, n = name_or_key.partition(":")
            key = self._alias_keys.get(entity_key(n, t.upper()))
        return self._entities.get(key) if key else None

    def for_document(self, doc_id: str) -> list[tuple[Entity, int]]:
        """The document's entities with their mention counts in it, most mentioned first."""
        counts = Counter(m.key for m in self._mentions.get(doc_id, []))
        out = [(self._entities[k], c) for k, c in counts.items() if k in self._entities]
        return sorted(out, key=lambda ec: (-ec[1], ec[0].name.lower()))

    def mentions(self, key: str, doc_id: str | None = None) -> list[Mention]:
        """Mentions of an entity (in one document, or all in corpus order)."""
        ids = [doc_id] if doc_id is not None else self._doc_order
        return [m for d in ids for m in self._mentions.get(d, []) if m.key == key]

    def document_mentions(self, doc_id: str) -> list[Mention]:
        return list(self._mentions.get(doc_id, []))

    def documents_for(self, key: str) -> list[str]:
        ent = self._entities.get(key)
        return list(ent.docs) if ent else []

    def cooccurring(self, key: str, limit: int = 10) -> list[tuple[Entity, int]]:
        """Entities sharing the most documents with `key`, with the number of shared documents."""
        counts: Counter[str] = Counter()
        for doc_id in self.documents_for(key):
            for other in {m.key for m in self._mentions.get(doc_id, [])}:
                if other != key:
                    counts[other] += 1
        ranked = sorted(
            counts.items(), key=lambda kc: (-kc[1], -self._entities[kc[0]].count, kc[0])
        )
        return [(self._entities[k], c) for k, c in ranked[:limit]]

    @property
    def doc_ids(self) -> list[str]:
        return list(self._doc_order)

    def __len__(self) -> int:
        return len(self._entities)


# --------------------------------------------------------------------------------------------
# Cache of raw mentions: data_dir()/entities/<corpus_key>.json
# --------------------------------------------------------------------------------------------


def cache_path(roots: tuple[str, ...]) -> Path:
    """Where the entity cache of the corpus opened from `roots` lives."""
    from tui.core.paths import corpus_key, data_dir

    return data_dir() / "entities" / f"{corpus_key(roots)}.json"


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Changes whenever this module changes, so that a cache never outlives its extractor."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


_Cached = dict[str, tuple[int, float, list[Mention]]]


def _read_cache(path: Path) -> _Cached:
    """The cached mentions; {} when absent, stale or unreadable (a cache is rebuilt, not fixed)."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("version") != extractor_version():
            return {}
        out: _Cached = {}
        for doc_id, item in data["docs"].items():
            mentions = [
                Mention(doc_id, int(p), int(s), int(e), str(sf), str(nm), str(t))
                for p, s, e, sf, nm, t in item["m"]
            ]
            out[doc_id] = (int(item["size"]), float(item["mtime"]), mentions)
        return out
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _write_cache(path: Path, docs: _Cached) -> None:
    payload = {
        "version": extractor_version(),
        "docs": {
            doc_id: {
                "size": size,
                "mtime": mtime,
                "m": [[m.passage, m.start, m.end, m.surface, m.name, m.type] for m in mentions],
            }
            for doc_id, (size, mtime, mentions) in docs.items()
            if size
        },
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".entities.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs time on the next open


# --------------------------------------------------------------------------------------------
# Evaluation against hand-labelled gold (document level)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Score:
    tp_p: int
    predicted: int
    tp_r: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp_p / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp_r / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_document(
    predicted: list[tuple[str, str, list[str]]], gold: list[list[str]], typed: bool
) -> Score:
    """Document-level P/R: predicted (name, type, aliases) vs gold [name, type, *aliases].

    A predicted entity is correct when its name or an alias equals the gold name or an alias
    (folded, possessive stripped), and, when `typed`, the types agree.
    """

    def forms(names: Iterable[str]) -> set[str]:
        return {_norm(_strip_possessive(n)) for n in names}

    pred = [(forms([n, *a]), t) for n, t, a in predicted]
    golds = [(forms([g[0], *g[2:]]), g[1]) for g in gold]

    def match(p: tuple[set[str], str], g: tuple[set[str], str]) -> bool:
        return bool(p[0] & g[0]) and (not typed or p[1] == g[1])

    tp_p = sum(1 for p in pred if any(match(p, g) for g in golds))
    tp_r = sum(1 for g in golds if any(match(p, g) for p in pred))
    return Score(tp_p, len(pred), tp_r, len(golds))


def evaluate(index: EntityIndex, gold_docs: list[dict[str, object]], typed: bool) -> Score:
    """Micro-averaged document-level scores over gold documents present in the index."""
    tp_p = n_p = tp_r = n_g = 0
    for item in gold_docs:
        doc_id = str(item["doc"])
        ents = item["entities"]
        assert isinstance(ents, list)
        predicted = [(e.name, e.type, list(e.aliases)) for e, _ in index.for_document(doc_id)]
        s = score_document(predicted, ents, typed)
        tp_p += s.tp_p
        n_p += s.predicted
        tp_r += s.tp_r
        n_g += s.gold
    return Score(tp_p, n_p, tp_r, n_g)

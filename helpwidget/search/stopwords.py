"""Stop words per language, compared after case and accent folding."""
from whoosh.lang.stopwords import stoplists

# Snowball's Spanish list conjugates "estar" and "sentir"; in help articles "estado"
# (status) and "sentido" (direction, meaning) are content words people search for.
_SPANISH_KEPT = {"estado", "estados", "estada", "estadas", "sentid", "sentida", "sentidas",
                 "sentido", "sentidos", "siente", "sintiendo"}

# Whoosh ships no Polish list; these are the function words (pronouns, prepositions,
# conjunctions, particles, forms of "być") that carry no topic in a help article.
_POLISH = """
a aby ach acz aczkolwiek albo ale ależ ani aż bardziej bardzo bez bo bowiem by byli bym
był była było były być będzie będą będę cali cała cały ci cię ciebie co cokolwiek coś
czasami czasem czemu czy czyli daleko dla dlaczego dlatego do dobrze dokąd dość dużo
gdy gdyby gdyż gdzie gdziekolwiek gdzieś i ich ile im inna inne inny innych iż ja ją jak
jakaś jakby jaki jakich jakie jakiś jakiż jakkolwiek jako jakoś je jeden jedna jedno
jednak jednakże jego jej jemu jest jestem jesteś jeszcze jeśli jeżeli już każdy kiedy
kilka kimś kto ktokolwiek ktoś która które którego której który których którym
którzy ku lecz lub ma mają mam mi mimo między mną mnie mogą moi moim moja moje może
można mój mu musi my na nad nam nami nas nasi nasz nasza nasze naszego naszych natomiast
nawet nią nic nich nie niech niego niej niemu nigdy nim nimi niż no o obok od około on
ona one oni ono oraz oto owszem po pod podczas pomimo ponad ponieważ powinien powinna
powinni powinno poza prawie przecież przed przede przedtem przez przy również sam sama
są się skąd sobie sobą swoje swój ta tak taka taki takie także tam te tego tej temu ten
teraz też to tobą tobie toteż trzeba tu tutaj twoi twoim twoja twoje twój ty tych tylko
tym u w wam wami was wasz wasza wasze we według wiele wielu więc więcej wszyscy
wszystkich wszystkie wszystkim wszystko wtedy wy właśnie z za zawsze ze znowu znów
żaden żadna żadne żadnych że żeby
"""

STOPWORDS = {
    "en": frozenset(stoplists["en"]),
    "es": frozenset(stoplists["es"]) - _SPANISH_KEPT,
    "pl": frozenset(_POLISH.split()),
}

"""TMDB's wire contract: msgspec Structs for the result of every read operation.

Every Struct is frozen and untracked by the garbage collector (a tree decoded from JSON cannot
form a reference cycle), keeps TMDB's own snake_case field names, and gives every field but an
id a default: real TMDB bodies omit keys and send nulls where the spec promises values (old
bodies even omit the ids of a show's seasons and a season's episodes). Decode
with ``msgspec.json.Decoder(T, strict=False)``, because old bodies send numbers as strings.
An entity's ``append_to_response`` parts decode into optional fields named after the part
(``watch/providers`` into ``watch_providers``); they stay ``None`` unless appended.

The result of each GET operation of TMDB's OpenAPI spec, by ``operationId`` (account,
authentication, guest session and account-states reads are not covered)::

    certification-movie-list            Certifications
    certifications-tv-list              Certifications
    changes-movie-list                  ChangesPage
    changes-people-list                 ChangesPage
    changes-tv-list                     ChangesPage
    collection-details                  Collection
    collection-images                   Images
    collection-translations             Translations
    company-details                     Company
    company-alternative-names           AlternativeNames
    company-images                      Images
    configuration-details               Configuration
    configuration-countries             list[Country]
    configuration-jobs                  list[Department]
    configuration-languages             list[Language]
    configuration-primary-translations  list[str]
    configuration-timezones             list[Timezone]
    credit-details                      Credit
    discover-movie                      MoviePage
    discover-tv                         TVSeriesPage
    find-by-id                          FindResults
    genre-movie-list                    GenreList
    genre-tv-list                       GenreList
    keyword-details                     Keyword
    keyword-movies                      MoviePage
    list-check-item-status              ListItemStatus
    list-details                        ListDetails
    movie-now-playing-list              DatedMoviePage
    movie-popular-list                  MoviePage
    movie-top-rated-list                MoviePage
    movie-upcoming-list                 DatedMoviePage
    movie-details                       Movie
    movie-alternative-titles            MovieAlternativeTitles
    movie-changes                       Changes
    movie-credits                       Credits
    movie-external-ids                  MovieExternalIds
    movie-images                        Images
    movie-keywords                      MovieKeywords
    movie-latest-id                     Movie
    movie-lists                         ListsPage
    movie-recommendations               MoviePage
    movie-release-dates                 ReleaseDates
    movie-reviews                       ReviewPage
    movie-similar                       MoviePage
    movie-translations                  Translations
    movie-videos                        Videos
    movie-watch-providers               WatchProviders
    network-details                     Network
    details-copy                        AlternativeNames
    alternative-names-copy              Images
    person-popular-list                 PersonPage
    person-details                      Person
    person-changes                      Changes
    person-combined-credits             CombinedCredits
    person-external-ids                 PersonExternalIds
    person-images                       Images
    person-latest-id                    Person
    person-movie-credits                PersonMovieCredits
    person-tv-credits                   PersonTVCredits
    person-tagged-images                TaggedImagePage
    translations                        Translations
    review-details                      Review
    search-collection                   CollectionPage
    search-company                      CompanyPage
    search-keyword                      KeywordPage
    search-movie                        MoviePage
    search-multi                        MultiPage
    search-person                       PersonPage
    search-tv                           TVSeriesPage
    trending-all                        MultiPage
    trending-movies                     MoviePage
    trending-people                     PersonPage
    trending-tv                         TVSeriesPage
    tv-series-airing-today-list         TVSeriesPage
    tv-series-on-the-air-list           TVSeriesPage
    tv-series-popular-list              TVSeriesPage
    tv-series-top-rated-list            TVSeriesPage
    tv-series-details                   TVSeries
    tv-series-aggregate-credits         AggregateCredits
    tv-series-alternative-titles        TVSeriesAlternativeTitles
    tv-series-changes                   Changes
    tv-series-content-ratings           ContentRatings
    tv-series-credits                   Credits
    tv-series-episode-groups            EpisodeGroups
    tv-series-external-ids              TVSeriesExternalIds
    tv-series-images                    Images
    tv-series-keywords                  TVSeriesKeywords
    tv-series-latest-id                 TVSeries
    lists-copy                          ListsPage
    tv-series-recommendations           TVSeriesPage
    tv-series-reviews                   ReviewPage
    tv-series-screened-theatrically     ScreenedTheatrically
    tv-series-similar                   TVSeriesPage
    tv-series-translations              Translations
    tv-series-videos                    Videos
    tv-series-watch-providers           WatchProviders
    tv-season-details                   Season
    tv-season-aggregate-credits         AggregateCredits
    tv-season-changes-by-id             Changes
    tv-season-credits                   Credits
    tv-season-external-ids              SeasonExternalIds
    tv-season-images                    Images
    tv-season-translations              Translations
    tv-season-videos                    Videos
    tv-season-watch-providers           WatchProviders
    tv-episode-details                  Episode
    tv-episode-changes-by-id            Changes
    tv-episode-credits                  EpisodeCredits
    tv-episode-external-ids             EpisodeExternalIds
    tv-episode-images                   Images
    tv-episode-translations             Translations
    tv-episode-videos                   Videos
    tv-episode-group-details            EpisodeGroup
    watch-providers-available-regions   WatchRegions
    watch-providers-movie-list          WatchProviderList
    watch-provider-tv-list              WatchProviderList

Four of the spec's operationIds are misnomers: ``details-copy`` is a network's alternative
names, ``alternative-names-copy`` a network's images, ``lists-copy`` a show's lists and
``translations`` a person's translations.

Besides these: ``Releases`` for the deprecated ``movie/{id}/releases``, and ``ErrorResponse``
for the body of a TMDB error.
"""

from __future__ import annotations

from tmdbfusion.models.changes import (
    Change,
    ChangedId,
    ChangeItem,
    Changes,
    ChangesPage,
)
from tmdbfusion.models.collection import (
    Collection,
    CollectionPart,
)
from tmdbfusion.models.common import (
    AlternativeName,
    AlternativeNames,
    AlternativeTitle,
    Country,
    DateRange,
    ErrorResponse,
    Genre,
    Image,
    Images,
    Keyword,
    Language,
    Page,
    ProductionCompany,
    ProductionCountry,
    SpokenLanguage,
    Translation,
    TranslationData,
    Translations,
    Video,
    Videos,
    WatchProvider,
    WatchProviderOffers,
    WatchProviders,
)
from tmdbfusion.models.company import (
    Company,
    Network,
    NetworkSummary,
)
from tmdbfusion.models.credit import (
    Credit,
    CreditMovie,
    CreditTV,
)
from tmdbfusion.models.credits import (
    AggregateCast,
    AggregateCredits,
    AggregateCrew,
    AggregateJob,
    AggregateRole,
    Cast,
    CombinedCredits,
    Credits,
    Crew,
    EpisodeCredits,
    PersonMovieCast,
    PersonMovieCredits,
    PersonMovieCrew,
    PersonTVCast,
    PersonTVCredits,
    PersonTVCrew,
)
from tmdbfusion.models.find import (
    FindResults,
)
from tmdbfusion.models.lists import (
    ListDetails,
    ListItemStatus,
    ListsPage,
    ListSummary,
)
from tmdbfusion.models.movie import (
    CountryReleaseDates,
    DatedMoviePage,
    Movie,
    MovieAlternativeTitles,
    MovieExternalIds,
    MovieKeywords,
    Release,
    ReleaseDate,
    ReleaseDates,
    Releases,
)
from tmdbfusion.models.person import (
    Person,
    PersonExternalIds,
    TaggedImage,
    TaggedImageMedia,
    TaggedImagePage,
)
from tmdbfusion.models.reference import (
    Certification,
    Certifications,
    Configuration,
    Department,
    GenreList,
    ImagesConfiguration,
    Timezone,
    WatchProviderList,
    WatchRegion,
    WatchRegions,
)
from tmdbfusion.models.review import (
    Review,
    ReviewAuthor,
    ReviewPage,
)
from tmdbfusion.models.search import (
    CollectionPage,
    CollectionSummary,
    CompanyPage,
    KeywordPage,
    KnownFor,
    MoviePage,
    MovieSummary,
    MultiPage,
    MultiResult,
    PersonPage,
    PersonSummary,
    TVSeriesPage,
    TVSeriesSummary,
)
from tmdbfusion.models.tv import (
    ContentRating,
    ContentRatings,
    Creator,
    EpisodeGroups,
    EpisodeGroupSummary,
    ScreenedEpisode,
    ScreenedTheatrically,
    TVSeries,
    TVSeriesAlternativeTitles,
    TVSeriesExternalIds,
    TVSeriesKeywords,
)
from tmdbfusion.models.tv_episode import (
    Episode,
    EpisodeExternalIds,
    EpisodeGroup,
    EpisodeGroupEpisode,
    EpisodeGroupGroup,
    EpisodeSummary,
    SeasonEpisode,
)
from tmdbfusion.models.tv_season import (
    Season,
    SeasonExternalIds,
    SeasonSummary,
)

__all__ = [
    "AggregateCast",
    "AggregateCredits",
    "AggregateCrew",
    "AggregateJob",
    "AggregateRole",
    "AlternativeName",
    "AlternativeNames",
    "AlternativeTitle",
    "Cast",
    "Certification",
    "Certifications",
    "Change",
    "ChangeItem",
    "ChangedId",
    "Changes",
    "ChangesPage",
    "Collection",
    "CollectionPage",
    "CollectionPart",
    "CollectionSummary",
    "CombinedCredits",
    "Company",
    "CompanyPage",
    "Configuration",
    "ContentRating",
    "ContentRatings",
    "Country",
    "CountryReleaseDates",
    "Creator",
    "Credit",
    "CreditMovie",
    "CreditTV",
    "Credits",
    "Crew",
    "DateRange",
    "DatedMoviePage",
    "Department",
    "Episode",
    "EpisodeCredits",
    "EpisodeExternalIds",
    "EpisodeGroup",
    "EpisodeGroupEpisode",
    "EpisodeGroupGroup",
    "EpisodeGroupSummary",
    "EpisodeGroups",
    "EpisodeSummary",
    "ErrorResponse",
    "FindResults",
    "Genre",
    "GenreList",
    "Image",
    "Images",
    "ImagesConfiguration",
    "Keyword",
    "KeywordPage",
    "KnownFor",
    "Language",
    "ListDetails",
    "ListItemStatus",
    "ListSummary",
    "ListsPage",
    "Movie",
    "MovieAlternativeTitles",
    "MovieExternalIds",
    "MovieKeywords",
    "MoviePage",
    "MovieSummary",
    "MultiPage",
    "MultiResult",
    "Network",
    "NetworkSummary",
    "Page",
    "Person",
    "PersonExternalIds",
    "PersonMovieCast",
    "PersonMovieCredits",
    "PersonMovieCrew",
    "PersonPage",
    "PersonSummary",
    "PersonTVCast",
    "PersonTVCredits",
    "PersonTVCrew",
    "ProductionCompany",
    "ProductionCountry",
    "Release",
    "ReleaseDate",
    "ReleaseDates",
    "Releases",
    "Review",
    "ReviewAuthor",
    "ReviewPage",
    "ScreenedEpisode",
    "ScreenedTheatrically",
    "Season",
    "SeasonEpisode",
    "SeasonExternalIds",
    "SeasonSummary",
    "SpokenLanguage",
    "TVSeries",
    "TVSeriesAlternativeTitles",
    "TVSeriesExternalIds",
    "TVSeriesKeywords",
    "TVSeriesPage",
    "TVSeriesSummary",
    "TaggedImage",
    "TaggedImageMedia",
    "TaggedImagePage",
    "Timezone",
    "Translation",
    "TranslationData",
    "Translations",
    "Video",
    "Videos",
    "WatchProvider",
    "WatchProviderList",
    "WatchProviderOffers",
    "WatchProviders",
    "WatchRegion",
    "WatchRegions",
]

/// Outlet lists (the TOML of `Feeds/outlets.toml`) that tests of several targets read.
public enum OutletLists {
    /// CNN's site (`cnn`) and its YouTube channel (`cnntv`), as Feeds/outlets.toml lists them:
    /// `organisation = "cnn"` ties the channel to CNN.
    public static let cnnAndItsYouTubeChannel = """
        [[outlet]]
        id = "cnn"
        name = "CNN"
        feeds = ["http://rss.cnn.com/rss/edition.rss"]

        [[outlet]]
        id = "cnntv"
        name = "CNN (YouTube)"
        organisation = "cnn"
        feeds = ["https://www.youtube.com/feeds/videos.xml?channel_id=UCupvZG-5ko_eiXAupbDfxWw"]
        """
}

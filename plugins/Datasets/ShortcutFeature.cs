namespace LossBench.Plugins.Datasets;

/// <summary>Where the shortcut's colour is painted.</summary>
public enum ShortcutFeature
{
    /// <summary>A frame of the given width around the image.</summary>
    Border,
    /// <summary>A square of the given width in the top-left corner.</summary>
    Patch,
}

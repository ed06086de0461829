namespace LossBench.Plugins.Attacks.Saliency;

/// <summary>What a replaced pixel becomes (in every channel).</summary>
public enum PixelFill
{
    /// <summary>0 (black).</summary>
    Zero,

    /// <summary>The channel's mean over all images and pixels of the evaluated split.</summary>
    Mean,

    /// <summary>Uniform noise in [0, 1), drawn per pixel and channel (the same draw for the salient and the random pixels).</summary>
    Uniform,

    /// <summary>1 - x: the pixel's own value inverted.</summary>
    Inverted,
}

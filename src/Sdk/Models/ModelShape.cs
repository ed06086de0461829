namespace LossBench.Sdk.Models;

/// <summary>The input image shape and the number of classes a model is built for.</summary>
public sealed record ModelShape(int Channels, int Height, int Width, int Classes);

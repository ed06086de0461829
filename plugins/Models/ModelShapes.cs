using LossBench.Sdk.Models;

namespace LossBench.Plugins.Models;

/// <summary>Checks shared by the built-in models, so a bad shape fails at creation with the model's name, not deep inside libtorch.</summary>
internal static class ModelShapes
{
    public static void Check(ModelShape shape, string model)
    {
        if (shape.Channels < 1 || shape.Height < 1 || shape.Width < 1)
            throw new ArgumentException($"{model}: the image shape {shape.Channels}x{shape.Height}x{shape.Width} has an empty dimension", nameof(shape));
        if (shape.Classes < 2)
            throw new ArgumentException($"{model}: a classifier needs at least 2 classes, got {shape.Classes}", nameof(shape));
    }
}

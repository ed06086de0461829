namespace LossBench.PluginSupport.Data;

/// <summary>The content of an IDX file of unsigned bytes: its dimensions and its row-major data.</summary>
public sealed record IdxArray(int[] Dimensions, byte[] Data)
{
    public int Count => Dimensions.Length == 0 ? 0 : Dimensions[0];
}

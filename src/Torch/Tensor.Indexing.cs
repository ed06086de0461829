using LossBench.Torch.Native;

namespace LossBench.Torch;

// tensor[...] reads and writes, and the index/gather/scatter family.
public sealed partial class Tensor
{
    /// <summary>PyTorch's <c>tensor[i, a:b, mask, None, ...]</c>.</summary>
    public Tensor this[params TensorIndex[] indices]
    {
        get => Index(indices);
        set => IndexPut(indices, value);
    }

    public unsafe Tensor index(params TensorIndex[] indices) => Index(indices);

    /// <summary>Writes a scalar at the indexed positions, in place.</summary>
    public unsafe Tensor index_put_(Scalar value, params TensorIndex[] indices)
    {
        var native = ToNative(indices);
        fixed (LbIndex* p = native)
            Check(LibTorch.lb_tensor_index_put_scalar_(NativeHandle, p, native.Length, value.Native));
        GC.KeepAlive(indices);
        return this;
    }

    private unsafe Tensor Index(TensorIndex[] indices)
    {
        var native = ToNative(indices);
        Tensor result;
        fixed (LbIndex* p = native) result = Wrap(LibTorch.lb_tensor_index(NativeHandle, p, native.Length), "index");
        GC.KeepAlive(indices);
        return result;
    }

    private unsafe void IndexPut(TensorIndex[] indices, Tensor value)
    {
        var native = ToNative(indices);
        fixed (LbIndex* p = native) Check(LibTorch.lb_tensor_index_put_(NativeHandle, p, native.Length, value.NativeHandle), "index_put_");
        GC.KeepAlive(indices);
    }

    private static LbIndex[] ToNative(TensorIndex[] indices)
    {
        var native = new LbIndex[indices.Length];
        for (var i = 0; i < indices.Length; i++) native[i] = indices[i].ToNative();
        return native;
    }

    public Tensor index_select(long dim, Tensor index) => Wrap(LibTorch.lb_tensor_index_select(NativeHandle, dim, index.NativeHandle));
    public Tensor gather(long dim, Tensor index) => Wrap(LibTorch.lb_tensor_gather(NativeHandle, dim, index.NativeHandle));
    public Tensor scatter(long dim, Tensor index, Tensor src) =>
        Wrap(LibTorch.lb_tensor_scatter(NativeHandle, dim, index.NativeHandle, src.NativeHandle));
    public Tensor scatter(long dim, Tensor index, Scalar value) =>
        Wrap(LibTorch.lb_tensor_scatter_value(NativeHandle, dim, index.NativeHandle, value.Native));
    public Tensor scatter_add(long dim, Tensor index, Tensor src) =>
        Wrap(LibTorch.lb_tensor_scatter_add(NativeHandle, dim, index.NativeHandle, src.NativeHandle));
    public Tensor masked_select(Tensor mask) => Wrap(LibTorch.lb_tensor_masked_select(NativeHandle, mask.NativeHandle));
    public Tensor masked_fill(Tensor mask, Scalar value) => Wrap(LibTorch.lb_tensor_masked_fill(NativeHandle, mask.NativeHandle, value.Native));
}

using LossBench.Torch.Native;

namespace LossBench.Torch;

// Arithmetic with an alpha or reversed operands, operators, conversions and in-place updates.
public sealed partial class Tensor
{
    public Tensor add(Tensor other, Scalar? alpha = null) =>
        Wrap(LibTorch.lb_tensor_add(NativeHandle, other.NativeHandle, (alpha ?? 1).Native));
    public Tensor sub(Tensor other, Scalar? alpha = null) =>
        Wrap(LibTorch.lb_tensor_sub(NativeHandle, other.NativeHandle, (alpha ?? 1).Native));
    public Tensor add(Scalar other, Scalar? alpha = null) =>
        Wrap(LibTorch.lb_tensor_add_scalar(NativeHandle, other.Native, (alpha ?? 1).Native));
    public Tensor sub(Scalar other, Scalar? alpha = null) =>
        Wrap(LibTorch.lb_tensor_sub_scalar(NativeHandle, other.Native, (alpha ?? 1).Native));
    /// <summary><paramref name="other"/> - this.</summary>
    public Tensor rsub(Scalar other) => Wrap(LibTorch.lb_tensor_rsub_scalar(NativeHandle, other.Native));
    /// <summary><paramref name="other"/> / this.</summary>
    public Tensor rdiv(Scalar other) => Wrap(LibTorch.lb_tensor_rdiv_scalar(NativeHandle, other.Native));
    /// <summary><paramref name="other"/> ** this.</summary>
    public Tensor rpow(Scalar other) => Wrap(LibTorch.lb_tensor_rpow_scalar(NativeHandle, other.Native));

    public unsafe Tensor clamp(double? min = null, double? max = null)
    {
        double lo = min ?? 0, hi = max ?? 0;
        return Wrap(LibTorch.lb_tensor_clamp(NativeHandle, min.HasValue ? &lo : null, max.HasValue ? &hi : null));
    }

    public Tensor clamp(Tensor? min, Tensor? max) =>
        Wrap(LibTorch.lb_tensor_clamp_tensor(NativeHandle, min?.NativeHandle ?? TensorHandle.Null, max?.NativeHandle ?? TensorHandle.Null));

    public Tensor lerp(Tensor end, Scalar weight) => Wrap(LibTorch.lb_tensor_lerp(NativeHandle, end.NativeHandle, weight.Native));

    /// <summary>beta * this + alpha * (mat1 @ mat2).</summary>
    public Tensor addmm(Tensor mat1, Tensor mat2, Scalar? beta = null, Scalar? alpha = null) =>
        Wrap(LibTorch.lb_tensor_addmm(NativeHandle, mat1.NativeHandle, mat2.NativeHandle, (beta ?? 1).Native, (alpha ?? 1).Native));

    public Tensor to(ScalarType type, bool copy = false) => Wrap(LibTorch.lb_tensor_to(NativeHandle, (int)type, -1, -1, copy ? 1 : 0));
    public Tensor to(Device device, bool copy = false) =>
        Wrap(LibTorch.lb_tensor_to(NativeHandle, -1, (int)device.Type, device.Index, copy ? 1 : 0));
    public Tensor to(Device device, ScalarType type, bool copy = false) =>
        Wrap(LibTorch.lb_tensor_to(NativeHandle, (int)type, (int)device.Type, device.Index, copy ? 1 : 0));
    public Tensor cpu() => to(Device.CPU);
    public Tensor @float() => to(ScalarType.Float32);
    public Tensor @double() => to(ScalarType.Float64);
    public Tensor @long() => to(ScalarType.Int64);
    public Tensor @bool() => to(ScalarType.Bool);

    public unsafe bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false)
    {
        int result;
        Check(LibTorch.lb_tensor_allclose(NativeHandle, other.NativeHandle, rtol, atol, equal_nan ? 1 : 0, &result));
        return result == 1;
    }

    /// <summary>True when shapes and every element are equal (bit-for-bit for floats, NaN unequal).</summary>
    public unsafe bool equal(Tensor other)
    {
        int result;
        Check(LibTorch.lb_tensor_equal(NativeHandle, other.NativeHandle, &result));
        return result == 1;
    }

    // ---- operators ----
    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator +(Tensor a, Scalar b) => a.add(b);
    public static Tensor operator +(Scalar a, Tensor b) => b.add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator -(Tensor a, Scalar b) => a.sub(b);
    public static Tensor operator -(Scalar a, Tensor b) => b.rsub(a);
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator *(Tensor a, Scalar b) => a.mul(b);
    public static Tensor operator *(Scalar a, Tensor b) => b.mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator /(Tensor a, Scalar b) => a.div(b);
    public static Tensor operator /(Scalar a, Tensor b) => b.rdiv(a);
    public static Tensor operator -(Tensor a) => a.neg();
    public static Tensor operator %(Tensor a, Tensor b) => a.remainder(b);
    public static Tensor operator %(Tensor a, Scalar b) => a.remainder(b);
    public static Tensor operator &(Tensor a, Tensor b) => a.logical_and(b);
    public static Tensor operator |(Tensor a, Tensor b) => a.logical_or(b);
    public static Tensor operator !(Tensor a) => a.logical_not();

    // ---- in place (return this, as PyTorch does) ----
    public Tensor add_(Tensor other, Scalar? alpha = null)
    {
        Check(LibTorch.lb_tensor_add_(NativeHandle, other.NativeHandle, (alpha ?? 1).Native));
        return this;
    }
    public Tensor add_(Scalar other)
    {
        Check(LibTorch.lb_tensor_add_scalar_(NativeHandle, other.Native));
        return this;
    }
    public Tensor mul_(Tensor other)
    {
        Check(LibTorch.lb_tensor_mul_(NativeHandle, other.NativeHandle));
        return this;
    }
    public Tensor mul_(Scalar other)
    {
        Check(LibTorch.lb_tensor_mul_scalar_(NativeHandle, other.Native));
        return this;
    }
    public Tensor div_(Scalar other)
    {
        Check(LibTorch.lb_tensor_div_scalar_(NativeHandle, other.Native));
        return this;
    }
    public Tensor copy_(Tensor source)
    {
        Check(LibTorch.lb_tensor_copy_(NativeHandle, source.NativeHandle));
        return this;
    }
    public Tensor fill_(Scalar value)
    {
        Check(LibTorch.lb_tensor_fill_(NativeHandle, value.Native));
        return this;
    }
    public Tensor zero_()
    {
        Check(LibTorch.lb_tensor_zero_(NativeHandle));
        return this;
    }
    public unsafe Tensor clamp_(double? min = null, double? max = null)
    {
        double lo = min ?? 0, hi = max ?? 0;
        Check(LibTorch.lb_tensor_clamp_(NativeHandle, min.HasValue ? &lo : null, max.HasValue ? &hi : null));
        return this;
    }
    public Tensor uniform_(double from = 0, double to = 1, Generator? generator = null)
    {
        Check(LibTorch.lb_tensor_uniform_(NativeHandle, from, to, Generator.HandleOf(generator)));
        return this;
    }
    public Tensor normal_(double mean = 0, double std = 1, Generator? generator = null)
    {
        Check(LibTorch.lb_tensor_normal_(NativeHandle, mean, std, Generator.HandleOf(generator)));
        return this;
    }
    public Tensor bernoulli_(double p, Generator? generator = null)
    {
        Check(LibTorch.lb_tensor_bernoulli_(NativeHandle, p, Generator.HandleOf(generator)));
        return this;
    }
    public Tensor masked_fill_(Tensor mask, Scalar value)
    {
        Check(LibTorch.lb_tensor_masked_fill_(NativeHandle, mask.NativeHandle, value.Native));
        return this;
    }
}

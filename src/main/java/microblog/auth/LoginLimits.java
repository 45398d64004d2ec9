package microblog.auth;

import java.util.Optional;
import java.util.OptionalLong;
import microblog.security.Limiter;
import microblog.web.Unicode;

/**
 * Brute-force defence for logins that cannot lock the owner out: failures are counted per (username, client
 * address) with growing delays and per client address over all usernames; a browser that has logged into the
 * account before (its known-device cookie) is judged only by its own failures, never by failures from elsewhere.
 * Checking costs no password hash and answers the same whether the account exists.
 */
public final class LoginLimits {
    private final Limiter perUserAndAddress;
    private final Limiter perAddress;
    private final Limiter perDevice;
    private final boolean enabled;

    public LoginLimits(Limiter perUserAndAddress, Limiter perAddress, Limiter perDevice) {
        this(perUserAndAddress, perAddress, perDevice, true);
    }

    private LoginLimits(Limiter perUserAndAddress, Limiter perAddress, Limiter perDevice, boolean enabled) {
        this.perUserAndAddress = perUserAndAddress;
        this.perAddress = perAddress;
        this.perDevice = perDevice;
        this.enabled = enabled;
    }

    /** No limits ({@code microblog.throttle=off}: load tests, test suites). */
    public static LoginLimits off() {
        return new LoginLimits(null, null, null, false);
    }

    /**
     * Seconds this attempt must wait, or empty if it may be checked now. {@code device} is the id of a valid
     * known-device cookie for this username, if the browser has one.
     */
    public OptionalLong heldBack(String username, String address, Optional<String> device) {
        if (!enabled) {
            return OptionalLong.empty();
        }
        if (device.isPresent()) {
            return perDevice.heldBack(device.get());
        }
        OptionalLong user = perUserAndAddress.heldBack(key(username, address));
        OptionalLong all = perAddress.heldBack(address);
        if (user.isEmpty()) {
            return all;
        }
        return all.isEmpty() ? user : OptionalLong.of(Math.max(user.getAsLong(), all.getAsLong()));
    }

    public void failed(String username, String address, Optional<String> device) {
        if (!enabled) {
            return;
        }
        if (device.isPresent()) {
            perDevice.count(device.get());
            return;
        }
        perUserAndAddress.count(key(username, address));
        perAddress.count(address);
    }

    /**
     * Resets the counter of this username at this address (or of this device). The address's own count stays:
     * otherwise an attacker could clear it by logging into an account of their own between guesses.
     */
    public void succeeded(String username, String address, Optional<String> device) {
        if (!enabled) {
            return;
        }
        device.ifPresent(perDevice::reset);
        perUserAndAddress.reset(key(username, address));
    }


    private static String key(String username, String address) {
        return Unicode.fold(username) + "\n" + address;
    }
}
